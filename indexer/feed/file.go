package feed

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Feeds may also be files (file://demo/feeds/x.xml, relative to the working
// directory, or file:///abs/path.xml): the demo corpus is polled that way,
// and an operator can drop exported feeds into a folder. The file's
// modification time plays the role of Last-Modified, so an unchanged file
// is a 304 and is not parsed again. feeds.yaml is the operator's own
// configuration, so reading local files from it exposes nothing new.

// isFileURL reports whether raw names a local file.
func isFileURL(raw string) bool {
	return strings.HasPrefix(strings.ToLower(raw), "file:")
}

// filePath turns a file URL into a path: file://demo/x.xml is the relative
// path demo/x.xml (the host part is the first path element), file:///x.xml
// is absolute.
func filePath(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	p := u.Host + u.Path
	if u.Opaque != "" {
		p = u.Opaque
	}
	if p == "" {
		return "", errors.New("file URL has no path")
	}
	return filepath.FromSlash(p), nil
}

// fetchFile reads a local feed file with the same limits as HTTP.
func (f *Fetcher) fetchFile(raw string, prev State) (FetchResult, error) {
	p, err := filePath(raw)
	if err != nil {
		return FetchResult{}, &fetchError{reason: "invalid file URL", err: err}
	}
	info, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return FetchResult{Status: http.StatusNotFound}, &fetchError{reason: "file not found: " + p}
		}
		return FetchResult{}, &fetchError{reason: "cannot read file", err: err}
	}
	if info.IsDir() {
		return FetchResult{}, &fetchError{reason: p + " is a directory"}
	}
	mod := info.ModTime().UTC().Format(http.TimeFormat)
	res := FetchResult{Status: http.StatusOK, LastModified: mod, FinalURL: raw}
	if prev.LastModified == mod {
		res.Status = http.StatusNotModified
		res.NotModified = true
		return res, nil
	}
	if info.Size() > f.cfg.MaxBytes {
		return FetchResult{}, &tooLargeError{limit: f.cfg.MaxBytes}
	}
	fh, err := os.Open(p)
	if err != nil {
		return FetchResult{}, &fetchError{reason: "cannot read file", err: err}
	}
	defer fh.Close()
	res.Body, err = io.ReadAll(io.LimitReader(fh, f.cfg.MaxBytes+1))
	if err != nil {
		return FetchResult{}, &fetchError{reason: "cannot read file", err: err}
	}
	if int64(len(res.Body)) > f.cfg.MaxBytes {
		return FetchResult{}, &tooLargeError{limit: f.cfg.MaxBytes}
	}
	return res, nil
}

// validateFileURL checks a file:// source at load time, so a typo fails at
// start-up rather than at the first poll.
func validateFileURL(raw string) error {
	p, err := filePath(raw)
	if err != nil {
		return fmt.Errorf("url %q: %w", raw, err)
	}
	if _, err := os.Stat(p); err != nil {
		return fmt.Errorf("url %q: %w", raw, err)
	}
	return nil
}
