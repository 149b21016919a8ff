package alert

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// purpose is what a signed link may do. A token signs the alert id AND the
// purpose, so the unsubscribe link of a mail cannot be turned into a
// manage (delete) link, nor a link of one alert into one of another.
type purpose string

const (
	purposeConfirm     purpose = "c"
	purposeUnsubscribe purpose = "u"
	purposeManage      purpose = "m"
)

// Token errors: a malformed token is a bad request (400), a well-formed
// one with a wrong signature or purpose is refused (403).
var (
	errTokenMalformed = errors.New("alert: malformed token")
	errTokenForged    = errors.New("alert: token signature does not match")
)

// secretFile holds the HMAC key, created on first start.
const secretFile = "alert-secret.key"

// idBytes is the alert id length: 96 random bits, hex.
const idBytes = 12

// signer signs and checks link tokens with HMAC-SHA256 under a 32-byte
// secret kept in the data directory.
type signer struct {
	key []byte
}

// loadSecret reads the secret in dir, creating it (mode 0600) the first
// time. O_EXCL makes two processes starting at once agree on one secret.
func loadSecret(dir string) ([]byte, error) {
	path := filepath.Join(dir, secretFile)
	key, err := os.ReadFile(path)
	if err == nil {
		if len(key) != 32 {
			return nil, fmt.Errorf("alert: %s has %d bytes, want 32; delete it to make a new one (old links stop working)", path, len(key))
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("alert: read secret: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("alert: data dir: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("alert: generate secret: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadSecret(dir) // another process won the race
	}
	if err != nil {
		return nil, fmt.Errorf("alert: create secret: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("alert: write secret: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("alert: write secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("alert: write secret: %w", err)
	}
	return key, nil
}

func (s signer) mac(p purpose, id string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("vigie-alert-link\x00"))
	m.Write([]byte(p))
	m.Write([]byte{0})
	m.Write([]byte(id))
	return m.Sum(nil)
}

// token is "<id>.<purpose>.<base64url HMAC>".
func (s signer) token(p purpose, id string) string {
	return id + "." + string(p) + "." + base64.RawURLEncoding.EncodeToString(s.mac(p, id))
}

// verify checks tok for one of the purposes and returns the alert id and
// the purpose it carries.
func (s signer) verify(tok string, allowed ...purpose) (string, purpose, error) {
	id, p, sig, err := splitToken(tok)
	if err != nil {
		return "", "", err
	}
	want := s.mac(p, id)
	// Constant-time comparison: the time taken must not tell an attacker
	// how many leading bytes of a forged signature were right.
	if !hmac.Equal(sig, want) {
		return "", "", errTokenForged
	}
	for _, a := range allowed {
		if a == p {
			return id, p, nil
		}
	}
	return "", "", errTokenForged
}

func splitToken(tok string) (id string, p purpose, sig []byte, err error) {
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 || !validID(parts[0]) || len(parts[1]) != 1 {
		return "", "", nil, errTokenMalformed
	}
	// Strict: a signature has one spelling (no stray bits in the last
	// character), so tokens cannot be varied while staying valid.
	sig, err = base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil || len(sig) != sha256.Size {
		return "", "", nil, errTokenMalformed
	}
	return parts[0], purpose(parts[1]), sig, nil
}

// newID returns a random alert id.
func newID() (string, error) {
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("alert: random id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func validID(id string) bool {
	if len(id) != 2*idBytes {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil && strings.ToLower(id) == id
}
