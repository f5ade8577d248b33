package views

// UpdateAll shows new views of many hosts at once, as one round of a
// fleet brings them: each card takes its view, then the overview is
// sorted, filtered and laid out once, not once per host (Update's way,
// which costs the square of the fleet: with 1,000 hosts a round took
// seconds of the UI goroutine).
func (o *Overview) UpdateAll(vs []HostView) {
	resized := false
	for _, v := range vs {
		c := o.card(v)
		before := c.MinSize().Height
		c.SetView(v)
		resized = resized || c.MinSize().Height != before
	}
	o.arrange()
	if resized {
		o.relayout()
	}
}
