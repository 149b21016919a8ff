package feed

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// maxInflated bounds a gzip body that arrives without Content-Encoding (a
// feed stored as a .gz file): 64 MiB of XML is far beyond any real feed and
// stops a decompression bomb from exhausting memory.
const maxInflated = 64 << 20

// prologEncoding finds the encoding pseudo-attribute of an XML declaration.
// Group 2 is the label; groups 1 and 3 keep the text around it for rewriting.
var prologEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?\sencoding\s*=\s*["'])([^"']*)(["'])`)

// toUTF8 returns body as UTF-8 with any XML declaration saying so, so that the
// XML decoder never converts a second time. Precedence, most reliable first:
//
//  1. a byte order mark, or the UTF-16/UTF-32 shape of "<?" (XML 1.0 §F);
//  2. the XML declaration's encoding;
//  3. the charset of the HTTP Content-Type;
//  4. UTF-8, the XML default.
//
// Two real-world mistakes are repaired on the way: a body that is valid,
// non-ASCII UTF-8 is taken as UTF-8 whatever its label claims (servers often
// add a default "charset=ISO-8859-1", and CMSs copy a stale declaration),
// and a body labelled (or defaulted to) UTF-8 that is mostly not valid UTF-8
// is read as windows-1252, the superset of Latin-1 that legacy French and
// English feeds actually use.
func toUTF8(body []byte, contentType string) ([]byte, error) {
	body, err := gunzipIfCompressed(body, maxInflated)
	if err != nil {
		return nil, err
	}
	if enc, bomLen := sniffUnicode(body); enc != nil {
		out, err := enc.NewDecoder().Bytes(body[bomLen:])
		if err != nil {
			return nil, fmt.Errorf("decode %s: %w", encodingName(enc), err)
		}
		return declareUTF8(out), nil
	}

	label := declaredEncoding(body)
	if label == "" {
		label = contentTypeCharset(contentType)
	}
	if isUTF8Label(label) || label == "" || isWideLabel(label) {
		// A UTF-16/32 label on bytes without the wide shape is a stale
		// declaration on what is really an ASCII-compatible document.
		return declareUTF8(repairUTF8(body)), nil
	}
	if utf8.Valid(body) && hasMultibyte(body) {
		return declareUTF8(body), nil // mislabelled UTF-8
	}
	enc, _ := charset.Lookup(label)
	if enc == nil {
		// An unknown or bogus label: fall back as if none was given.
		return declareUTF8(repairUTF8(body)), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", label, err)
	}
	return declareUTF8(out), nil
}

// gunzipIfCompressed inflates a body that starts with the gzip magic bytes:
// some servers send .xml.gz files as-is, without Content-Encoding.
func gunzipIfCompressed(body []byte, limit int) ([]byte, error) {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	if len(out) > limit {
		return nil, fmt.Errorf("gzip body inflates beyond %s", humanBytes(int64(limit)))
	}
	// A truncated gzip stream still yields a usable prefix; the XML parser
	// reports the truncation if it matters.
	return out, nil
}

// sniffUnicode recognises UTF-8/16/32 from a byte order mark or, without one,
// from the zero bytes around the first ASCII character ('<' or '{', possibly
// after whitespace). It returns the encoding and the length of the BOM.
func sniffUnicode(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 4
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, 3
	}
	if len(b) < 4 {
		return nil, 0
	}
	switch {
	case b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0:
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), 0
	case b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), 0
	case b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 0
	case b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 0
	}
	return nil, 0
}

func encodingName(enc encoding.Encoding) string {
	if s, ok := enc.(fmt.Stringer); ok {
		return s.String()
	}
	return "unicode"
}

// declaredEncoding returns the label of the XML declaration, lower-cased.
func declaredEncoding(b []byte) string {
	head := b[:min(len(b), 512)]
	m := prologEncoding.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(string(m[2])))
}

func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.Trim(strings.TrimSpace(params["charset"]), `"'`))
}

func isUTF8Label(label string) bool {
	switch label {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
		return true
	}
	return false
}

// declareUTF8 rewrites the XML declaration's encoding to utf-8 once the bytes
// have been converted, so the XML decoder does not convert them again.
func declareUTF8(b []byte) []byte {
	loc := prologEncoding.FindSubmatchIndex(b[:min(len(b), 512)])
	if loc == nil || isUTF8Label(strings.ToLower(string(b[loc[4]:loc[5]]))) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	out = append(out, b[:loc[4]]...)
	out = append(out, "utf-8"...)
	return append(out, b[loc[5]:]...)
}

// repairUTF8 returns b if it is valid UTF-8. Otherwise it decides between a
// UTF-8 document with a few corrupt bytes (kept, with U+FFFD for the bad
// bytes) and a legacy single-byte document that never was UTF-8 (decoded
// as windows-1252), by counting which reading explains more of the bytes.
func repairUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			invalid++
			i++
			continue
		}
		valid++
		i += size
	}
	if valid > invalid {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}

func isWideLabel(label string) bool {
	return strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") ||
		strings.HasPrefix(label, "ucs-2") || strings.HasPrefix(label, "ucs-4") || label == "unicode"
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// humanBytes formats a byte count the way error messages show it: "10 MiB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
