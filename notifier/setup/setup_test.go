package setup

import (
	"context"
	"strings"
	"testing"
	"time"

	"lookout/config"
	"lookout/internal/fake"
	"lookout/notifier"
)

func TestNotifyTestThroughConfig(t *testing.T) {
	f := fake.NewWeCom(t, "k-123456")
	t.Setenv("LOOKOUT_TEST_WECOM_KEY", "k-123456")
	doc := "[[channels]]\nname = \"ops\"\ntype = \"wecom\"\nwebhook = \"" + f.URL() + "/cgi-bin/webhook/send?key=${LOOKOUT_TEST_WECOM_KEY}\"\n"
	cfg, err := config.Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	replies, err := NotifyTest(context.Background(), cfg, "ops", Options{OutboxDir: t.TempDir()})
	if err != nil || len(replies) != 1 || !strings.Contains(replies[0], `"errcode":0`) {
		t.Fatalf("NotifyTest = %q, %v", replies, err)
	}
	if got := f.Got(); len(got) != 1 || !strings.Contains(got[0].Content, "Lookout test: ops") {
		t.Errorf("fake got %+v", got)
	}
	if _, err := NotifyTest(context.Background(), cfg, "nope", Options{}); err == nil {
		t.Error("unknown channel accepted")
	}
}

func TestBuild(t *testing.T) {
	// No channels, a desktop: an implicit desktop channel gets every alert.
	var shown []string
	n, err := Build(config.Default(), Options{OutboxDir: t.TempDir(), Desktop: func(title, _ string) { shown = append(shown, title) }})
	if err != nil || n.Desktop == nil || len(n.Channels()) != 1 {
		t.Fatalf("Build = %+v, %v", n, err)
	}
	// A channel whose secret is unset is skipped, the others work.
	doc := "[[channels]]\nname = \"d\"\ntype = \"desktop\"\n[[channels]]\nname = \"w\"\ntype = \"wecom\"\nwebhook = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${LOOKOUT_TEST_UNSET}\"\n[[routes]]\nchannels = [\"d\", \"w\"]\n"
	cfg, err := config.Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	n, err = Build(cfg, Options{OutboxDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Skipped) != 1 || !strings.Contains(n.Skipped[0].Error(), "LOOKOUT_TEST_UNSET") || len(n.Channels()) != 1 {
		t.Errorf("skipped %v, channels %v", n.Skipped, n.Channels())
	}
	if got := n.Route(notifier.Alert{Host: "h", Severity: notifier.Critical}); len(got) != 1 || got[0] != "d" {
		t.Errorf("route %v", got)
	}
}

func TestBuildQueueLimits(t *testing.T) {
	cfg, err := config.Parse("c.toml", []byte("[outbox]\nmax_messages = 20\nmax_age = \"3h\"\n[[channels]]\nname = \"d\"\ntype = \"desktop\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := Build(cfg, Options{OutboxDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.QueueLimits(); got != (notifier.QueueLimits{MaxMessages: 20, MaxAge: 3 * time.Hour}) {
		t.Errorf("queue limits %+v", got)
	}
}
