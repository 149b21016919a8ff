package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// staticFiles serves the page and its assets from an fs.FS (the embedded
// static package) with content-hash ETags, so browsers revalidate cheaply
// instead of refetching, and an upgrade is picked up at once.
type staticFiles struct {
	fsys  fs.FS
	etags map[string]string // file path -> strong ETag; built once, read-only
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	sf := &staticFiles{fsys: fsys, etags: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.etags[p] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("api: static files: %w", err)
	}
	return sf, nil
}

// page serves one HTML page. Pages are always revalidated: they name the
// assets, which must match the running version.
func (sf *staticFiles) page(name string) echo.HandlerFunc {
	return func(c echo.Context) error { return sf.serve(c, name) }
}

// asset serves GET /static/<path>.
func (sf *staticFiles) asset(c echo.Context) error {
	name, err := url.PathUnescape(c.Param("*"))
	if err != nil || !fs.ValidPath(name) || name == "." {
		return echo.ErrNotFound
	}
	return sf.serve(c, name)
}

func (sf *staticFiles) serve(c echo.Context, name string) error {
	etag, ok := sf.etags[name]
	if !ok {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(sf.fsys, name)
	if err != nil {
		return fmt.Errorf("static %s: %w", name, err)
	}
	h := c.Response().Header()
	h.Set("ETag", etag)
	if strings.HasSuffix(name, ".html") {
		h.Set(echo.HeaderCacheControl, "no-cache")
	} else {
		h.Set(echo.HeaderCacheControl, "public, max-age=600")
	}
	// ServeContent answers If-None-Match (304), HEAD and ranges, and picks
	// the Content-Type from the extension.
	http.ServeContent(c.Response(), c.Request(), path.Base(name), time.Time{}, io.ReadSeeker(bytes.NewReader(b)))
	return nil
}
