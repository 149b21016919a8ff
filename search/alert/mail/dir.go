package mail

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Dir "sends" each message by writing it as an .eml file into a directory,
// for trying alerts without a mail server. A file appears complete or not
// at all (temporary file, then rename), and its name is derived from the
// Message-ID, so delivering the same message twice leaves one file.
type Dir struct {
	dir string
}

// NewDir returns a sender writing into dir, creating it if needed.
func NewDir(dir string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mail: mail dir: %w", err)
	}
	return &Dir{dir: dir}, nil
}

// Open implements Sender.
func (d *Dir) Open(context.Context) (Session, error) { return d, nil }

// Send writes m to <dir>/<message-id>.eml.
func (d *Dir) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	name := filepath.Join(d.dir, FileName(m.ID))
	tmp, err := os.CreateTemp(d.dir, ".tmp-*.eml")
	if err != nil {
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("mail: write %s: %w", name, err)
	}
	return nil
}

// Close implements Session.
func (d *Dir) Close() error { return nil }

// FileName is the .eml file name Dir uses for a Message-ID: only letters,
// digits, dots and dashes survive.
func FileName(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		case r == '@':
			b.WriteString("_at_")
		default:
			b.WriteByte('_')
		}
	}
	name := strings.TrimLeft(b.String(), ".")
	if name == "" {
		name = "message"
	}
	return name + ".eml"
}
