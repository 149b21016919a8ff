// Package demo holds Vigie's bundled demo corpus: eleven feed files from
// fictional outlets (RSS 2.0, Atom 1.0 and JSON Feed 1.1, in French and
// English), the feed list that points at them (feeds.yaml) and a manifest of
// what every item must contain (manifest.tsv).
//
// The articles were written for Vigie from public reporting on AI and
// technology in defense, 2023-2026; README.md lists each one with its source
// event, companies, agencies and money amounts as written. The corpus
// deliberately carries the quirks real feeds have — a Latin-1 file, French
// dates, a feed that declares the wrong language, HTML entities, a story
// syndicated under the same link in two feeds — so that `make demo`, the
// search tests and the browser tests all exercise them.
package demo

import "embed"

// Files is the corpus as shipped: the feeds directory, feeds.yaml and
// manifest.tsv, with paths relative to this directory. Embedding it lets a
// binary or a test read the demo without depending on the working directory.
//
//go:embed feeds feeds.yaml manifest.tsv
var Files embed.FS
