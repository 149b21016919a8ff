// Package static holds Vigie's browser UI: the search page (index.html),
// the feed health page (feeds.html) and their scripts and style sheet. The
// files are plain HTML, CSS and JavaScript modules with no build step, and
// are embedded in the binary so a single executable serves the whole
// product.
//
// The pages are written for a strict Content-Security-Policy
// (default-src 'self'; script-src 'self'; style-src 'self'): no inline
// scripts, styles or event handlers, and no markup built from strings that
// came from the server. Only <mark> in snippets and titles is rendered, by
// building DOM nodes; everything else from feeds is inserted as text.
package static

import (
	"embed"
	"io/fs"
)

//go:embed *.html *.js *.css *.svg
var files embed.FS

// FS is the UI, rooted so that "index.html" is at the top. The HTTP server
// maps "/" to index.html, "/feeds" to feeds.html and "/static/<name>" to
// any other file.
var FS fs.FS = mustSub(files, ".")

// mustSub roots fsys at dir. The embed pattern above is checked at compile
// time, so the error cannot happen at run time.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
