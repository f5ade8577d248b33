package views

import "lookout/config"

// The settings form of an Alertmanager channel: its address and
// credentials (TLS files, labels and the resend interval are in the file).
func init() {
	channelFields["alertmanager"] = []channelField{
		strField("url", "URL", "http://alertmanager:9093", false, func(c *config.Channel) *string { return &c.URL }),
		strField("token", "Bearer token", secretHint, true, func(c *config.Channel) *string { return &c.Token }),
		strField("username", "User name", "", false, func(c *config.Channel) *string { return &c.Username }),
		strField("password", "Password", secretHint, true, func(c *config.Channel) *string { return &c.Password }),
	}
}
