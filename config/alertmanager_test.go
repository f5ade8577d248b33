package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAlertmanagerConfig(t *testing.T) {
	tests := []struct {
		name, doc string
		wantErr   string // "" for none
	}{
		{"channel", `[[channels]]
name = "am"
type = "alertmanager"
url = "https://am.example.com:9093"
token = "${AM_TOKEN}"
resend_interval = "30s"
labels = { team = "ops" }`, ""},
		{"channel without url", "[[channels]]\nname = \"am\"\ntype = \"alertmanager\"", "channels[0].url: an alertmanager needs its url"},
		{"token in clear over http", "[[channels]]\nname = \"am\"\ntype = \"alertmanager\"\nurl = \"http://am:9093\"\ntoken = \"${T}\"", "use https"},
		{"http on loopback is fine", "[[channels]]\nname = \"am\"\ntype = \"alertmanager\"\nurl = \"http://127.0.0.1:9093\"\ntoken = \"${T}\"", ""},
		{"bad label name", "[[channels]]\nname = \"am\"\ntype = \"alertmanager\"\nurl = \"http://127.0.0.1:9093\"\nlabels = { 1team = \"x\" }", "is not a label name"},
		{"token and basic auth", "[[channels]]\nname = \"am\"\ntype = \"alertmanager\"\nurl = \"https://am\"\ntoken = \"${T}\"\nusername = \"u\"", "not both"},
		{"source", "[[sources]]\nname = \"team-am\"\ntype = \"alertmanager\"\nurl = \"https://am:9093\"\nfilter = ['severity=~\"warning|critical\"', 'team=\"ops\"']", ""},
		{"source of unknown type", "[[sources]]\nname = \"x\"\ntype = \"nagios\"\nurl = \"https://am\"", "sources[0].type: expected one of alertmanager"},
		{"source twice", "[[sources]]\nname = \"x\"\ntype = \"alertmanager\"\nurl = \"https://am\"\n[[sources]]\nname = \"x\"\ntype = \"alertmanager\"\nurl = \"https://am\"", "defined twice"},
		{"bad filter", "[[sources]]\nname = \"x\"\ntype = \"alertmanager\"\nurl = \"https://am\"\nfilter = ['severity']", "expected a matcher"},
		{"cert without key", "[[sources]]\nname = \"x\"\ntype = \"alertmanager\"\nurl = \"https://am\"\ncert_file = \"c.pem\"", "both cert_file and key_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.toml", []byte(tt.doc))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestSourcesSurviveSave(t *testing.T) {
	c := Default()
	c.Channels = []Channel{{Name: "am", Type: "alertmanager", URL: "https://am:9093", Labels: map[string]string{"team": "ops"},
		ResendInterval: Duration(30 * time.Second), CAFile: "/ca.pem"}}
	c.Sources = []Source{{Name: "team-am", Type: "alertmanager", URL: "https://am:9093", Filter: []string{`team="ops"`}, Interval: Duration(time.Minute)}}
	doc, err := Patch(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("t.toml", doc)
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	if !reflect.DeepEqual(got.Sources, c.Sources) || !reflect.DeepEqual(got.Channels, c.Channels) {
		t.Errorf("after a save:\n%+v\n%+v\nwant\n%+v\n%+v\n%s", got.Sources, got.Channels, c.Sources, c.Channels, doc)
	}
}
