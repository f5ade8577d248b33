package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

type env struct{ out, err *bytes.Buffer }

func testProgram() *Program[*env] {
	p := &Program[*env]{Name: "prog", Section: 1, Summary: "a test program", Default: "",
		Version: func() string { return "1.2" },
		Output:  func(e *env) (io.Writer, io.Writer) { return e.out, e.err },
		NewEnv: func(out, err io.Writer) *env {
			return &env{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
		}}
	p.Register(Command[*env]{Name: "greet", Usage: "[--loud] NAME", Summary: "say hello",
		Run: func(ctx context.Context, e *env, args []string) error {
			fs := p.Flags(e, "greet")
			loud := fs.Bool("loud", false, "shout")
			file := fs.String("out", "", "write to `file`")
			if err := fs.Parse(args); err != nil {
				return err
			}
			_ = file
			if fs.NArg() != 1 {
				return Usagef("want one NAME")
			}
			msg := "hello " + fs.Arg(0)
			if *loud {
				msg = strings.ToUpper(msg)
			}
			e.out.WriteString(msg + "\n")
			return nil
		}})
	p.Register(Command[*env]{Name: "fail", Summary: "fail", Run: func(context.Context, *env, []string) error {
		return errors.New("it broke")
	}})
	p.Register(Command[*env]{Name: "three", Summary: "exit 3", Run: func(context.Context, *env, []string) error {
		return ExitError(3)
	}})
	p.Register(Command[*env]{Name: "secret", Hidden: true, Summary: "hidden", Run: func(context.Context, *env, []string) error {
		return nil
	}})
	return p
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		args              []string
		code              int
		stdout, stderr    string // substrings
		stderrEmpty, both bool
	}{
		{args: []string{"greet", "ann"}, code: 0, stdout: "hello ann", stderrEmpty: true},
		{args: []string{"greet", "--loud", "ann"}, code: 0, stdout: "HELLO ANN"},
		{args: []string{"greet"}, code: 2, stderr: "prog greet: want one NAME"},
		{args: []string{"greet", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"greet", "--bogus"}, code: 2, stderr: "Usage: prog greet"},
		{args: []string{"greet", "--help"}, code: 0, stdout: "Usage: prog greet [--loud] NAME", stderrEmpty: true},
		{args: []string{"help", "greet"}, code: 0, stdout: "Usage: prog greet [--loud] NAME", stderrEmpty: true},
		{args: []string{"fail"}, code: 1, stderr: "prog fail: it broke"},
		{args: []string{"three"}, code: 3, stderrEmpty: true},
		{args: []string{"nope"}, code: 2, stderr: `unknown command "nope"`},
		{args: nil, code: 2, stderr: "Usage: prog"},
		{args: []string{"--help"}, code: 0, stdout: "Exit status:", stderrEmpty: true},
		{args: []string{"help"}, code: 0, stdout: "greet", stderrEmpty: true},
		{args: []string{"--version"}, code: 0, stdout: "prog 1.2", stderrEmpty: true},
		{args: []string{"--bogus"}, code: 2, stderr: "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			p := testProgram()
			e := &env{out: &bytes.Buffer{}, err: &bytes.Buffer{}}
			code := p.Run(context.Background(), e, tt.args)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, e.err)
			}
			if !strings.Contains(e.out.String(), tt.stdout) {
				t.Errorf("stdout %q lacks %q", e.out, tt.stdout)
			}
			if !strings.Contains(e.err.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", e.err, tt.stderr)
			}
			if tt.stderrEmpty && e.err.Len() > 0 {
				t.Errorf("stderr not empty: %q", e.err)
			}
			if strings.Contains(e.out.String()+e.err.String(), "secret") {
				t.Errorf("the hidden command shows")
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	d := testProgram().Describe()
	if len(d.Commands) != 3 {
		t.Fatalf("commands %+v, want the 3 visible", d.Commands)
	}
	var greet CommandDoc
	for _, c := range d.Commands {
		if c.Name == "greet" {
			greet = c
		}
	}
	want := []Flag{{Name: "loud", Usage: "shout"}, {Name: "out", Arg: "file", Usage: "write to file"}}
	if len(greet.Flags) != 2 || greet.Flags[0] != want[0] || greet.Flags[1] != want[1] {
		t.Errorf("greet flags %+v, want %+v", greet.Flags, want)
	}
	if greet.Flags[1].Kind() != "file" {
		t.Errorf("--out completes to %q, want file", greet.Flags[1].Kind())
	}
	if d.Exit[2].Term != "2" {
		t.Errorf("exit codes %+v", d.Exit)
	}
}

func TestManEscapes(t *testing.T) {
	d := Doc{Name: "x", Section: 1, Summary: `back\slash`, Description: ".starts with a dot",
		Commands: []CommandDoc{{Name: "c", Usage: "[--dry-run] FILE", Summary: "do it",
			Flags: []Flag{{Name: "dry-run", Usage: "do not"}}}}}
	man := Man(d)
	for _, w := range []string{`back\eslash`, "\n\\&.starts", `\fB\-\-dry\-run\fR`, `.B \-\-dry\-run`, `\fIFILE\fR`} {
		if !strings.Contains(man, w) {
			t.Errorf("man page lacks %q:\n%s", w, man)
		}
	}
}
