package views

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lookout/entity"
	"lookout/internal/i18n"
)

// longError is an agent error as long as real ones get.
const longError = "agent https://web-frontend-07.eu-west.example.com:9120/api/v1/snapshot: " +
	"dial tcp 10.20.30.40:9120: connect: connection refused (after 3 attempts, last at 10:00:00; " +
	"the agent may be stopped or a firewall may drop the port) — end of error"

func downHost() HostView {
	return HostView{Name: "web-07", State: entity.StateUnreachable, LastPoll: now.Add(-time.Second), Error: longError}
}

// An unreachable host's card shows its whole error, wrapped; the card,
// and every card of its row, grows to hold it, whether the host's view
// comes alone (Update) or with all the others (SetHosts, as when the
// window is shown again).
func TestHostCardShowsWholeError(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  func(o *Overview, hosts []HostView, down HostView)
	}{
		{name: "update", set: func(o *Overview, _ []HostView, down HostView) { o.Update(down) }},
		{name: "set hosts", set: func(o *Overview, hosts []HostView, down HostView) {
			o.SetHosts(append([]HostView{down}, hosts[1:]...))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) { testWholeError(t, tt.set) })
	}
}

func testWholeError(t *testing.T, set func(o *Overview, hosts []HostView, down HostView)) {
	test.NewTempApp(t)
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	o.now = func() time.Time { return now }
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(900, 700))
	hosts := fleet(3)
	o.SetHosts(hosts)
	o.SetLayout(ModeCards, SortName)
	// The first host goes down after the grid was laid out, keeping its
	// place: its row must grow all the same.
	down := downHost()
	down.Name = hosts[0].Name
	set(o, hosts, down)

	var card *HostCard
	for _, c := range o.Cards() {
		if c.View().Name == down.Name {
			card = c
		}
	}
	r := test.TempWidgetRenderer(t, card).(*hostCardRenderer)
	lbl := r.errMsg
	if lbl.Text != longError {
		t.Fatalf("card error %q, want the whole error", lbl.Text)
	}
	if lbl.Truncation != fyne.TextTruncateOff || lbl.Wrapping != fyne.TextWrapWord {
		t.Errorf("error label truncation %v wrapping %v, want wrapped and not truncated", lbl.Truncation, lbl.Wrapping)
	}
	if card.Size().Height <= CardSize.Height {
		t.Errorf("card %v tall with a %d-character error, want taller than %v", card.Size().Height, len(longError), CardSize.Height)
	}
	if got, need := lbl.Size().Height, lbl.MinSize().Height; got < need {
		t.Errorf("error label %v tall, its wrapped lines need %v", got, need)
	}
	if bottom := lbl.Position().Y + lbl.Size().Height; bottom > card.Size().Height+0.5 {
		t.Errorf("error ends at %v, below the card's %v", bottom, card.Size().Height)
	}
	for _, c := range o.Cards() {
		if c.Position().Y == card.Position().Y && c.Size().Height != card.Size().Height {
			t.Errorf("card %s is %v tall in a row of %v", c.View().Name, c.Size().Height, card.Size().Height)
		}
	}
}

// The table's error cell shows what fits, ending in "…", never spilling
// past the row; tapping the row opens the detail, which shows the whole
// error.
func TestTableErrorCellReachable(t *testing.T) {
	test.NewTempApp(t)
	o := NewOverview(i18n.EN, entity.DefaultGrades)
	o.now = func() time.Time { return now }
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(1000, 600))
	o.SetHosts(append(fleet(2), downHost()))
	o.SetLayout(ModeTable, SortName)
	var tapped string
	o.OnHostTapped = func(h string) { tapped = h }

	var row *HostRow
	for _, obj := range test.LaidOutObjects(w.Canvas().Content()) {
		if r, ok := obj.(*HostRow); ok && !r.header && r.View().Name == "web-07" {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no row for web-07")
	}
	r := test.TempWidgetRenderer(t, row).(*hostRowRenderer)
	shown := r.err.Text
	if !strings.HasSuffix(shown, "…") || !strings.HasPrefix(longError, strings.TrimSuffix(shown, "…")) {
		t.Errorf("error cell %q, want the error's start and …", shown)
	}
	if tw := fyne.MeasureText(shown, r.err.TextSize, r.err.TextStyle).Width; r.err.Position().X+tw > row.Size().Width {
		t.Errorf("error cell text ends at %v, past the row's %v", r.err.Position().X+tw, row.Size().Width)
	}

	test.Tap(row)
	if tapped != "web-07" {
		t.Fatalf("tapping the row opened %q, want web-07", tapped)
	}
	d := NewHostDetail(tapped, nil, i18n.EN, entity.DefaultGrades)
	test.NewTempWindow(t, d)
	d.Update(downHost(), entity.Snapshot{}, nil)
	if !strings.Contains(d.info.Text, longError) {
		t.Errorf("detail shows %q, want the whole error", d.info.Text)
	}
}

func TestEllipsize(t *testing.T) {
	test.NewTempApp(t)
	size, style := float32(12), fyne.TextStyle{}
	full := fyne.MeasureText("connection refused", size, style).Width
	tests := []struct {
		name  string
		s     string
		width float32
		want  string
	}{
		{name: "fits", s: "connection refused", width: full + 1, want: "connection refused"},
		{name: "empty", s: "", width: 10, want: ""},
		{name: "no room", s: "connection refused", width: 0, want: "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ellipsize(tt.s, tt.width, size, style); got != tt.want {
				t.Errorf("ellipsize(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
			}
		})
	}
	cut := ellipsize("connection refused", full/2, size, style)
	if !strings.HasSuffix(cut, "…") || fyne.MeasureText(cut, size, style).Width > full/2 {
		t.Errorf("cut to %q, %v wide for %v", cut, fyne.MeasureText(cut, size, style).Width, full/2)
	}
}
