package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/config"
	"lookout/internal/fake"
	"lookout/views"
)

// TestSettingsSendTest presses the channels tab's Send test with a WeCom
// robot as edited (not saved): a strict fake robot gets the message, and a
// robot that refuses shows the service's error without the key.
func TestSettingsSendTest(t *testing.T) {
	test.NewTempApp(t)
	wecom := fake.NewWeCom(t, "k")
	g := &gui{env: &Env{Log: quietLog()}, ctx: context.Background(), lang: "en"}
	cfg := config.Default()
	cfg.Channels = []config.Channel{{Name: "ops", Type: "wecom", Webhook: wecom.Webhook()}}
	s := views.NewSettings(cfg, "en")
	s.OnTestChannel = g.testChannel
	w := test.NewTempWindow(t, s)
	w.Resize(fyne.NewSize(1000, 700))
	s.ChannelList().Select(0)
	btn, result := s.TestChannelButton()

	wait := func(what string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			var text string
			fyne.DoAndWait(func() { text = result.Text })
			if text != "" && !strings.Contains(text, "Sending") {
				return text
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: no result", what)
		return ""
	}
	test.Tap(btn)
	if got := wait("good robot"); !strings.HasPrefix(got, "Sent") {
		t.Errorf("good robot: %q", got)
	}
	if msgs := wecom.Got(); len(msgs) != 1 || !strings.Contains(msgs[0].Content, "ops") {
		t.Errorf("WeCom got %+v", msgs)
	}

	// The key is wrong: the service says so, and the key is not shown.
	s.ChannelEntry("webhook").SetText(strings.Replace(wecom.Webhook(), "key=k", "key=secret-key-123", 1))
	fyne.DoAndWait(func() { result.SetText("") })
	test.Tap(btn)
	got := wait("wrong key")
	if !strings.Contains(got, "93000") || strings.Contains(got, "secret-key-123") {
		t.Errorf("wrong key: %q", got)
	}
}
