package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, FTS5 compiled in

	"vigie/indexer"
	"vigie/indexer/store"
	"vigie/search"
)

// The peer: SQLite FTS5 holding the same documents as Vigie's index (read
// back from Vigie's store after enrichment, so both engines see the same
// text, languages, sources, companies, agencies, amounts and months), used
// the way an ordinary application would: an FTS5 table with the unicode61
// tokenizer (diacritics removed, so "defense" finds "défense" as Vigie's
// folding does), a table of per-document values and one table per
// multi-valued facet, with indexes; bm25 ranking (title weighted like
// Vigie's title boost); one GROUP BY query per facet over the matched
// documents, each facet without its own filter (disjunctive, as Vigie
// counts them); the top 10 with the title and an FTS5 snippet.
type peer struct {
	db   *sql.DB
	path string
}

const peerSchema = `
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = "unicode61 remove_diacritics 2");
CREATE TABLE meta (
	id         INTEGER PRIMARY KEY, -- = docs.rowid
	lang       TEXT NOT NULL,
	source     TEXT NOT NULL,
	amount_usd REAL NOT NULL,       -- 0 when the article names no amount
	published  INTEGER NOT NULL,    -- Unix seconds
	month      TEXT NOT NULL        -- "2025-06", the timeline facet
);
CREATE TABLE doc_company (doc INTEGER NOT NULL, company TEXT NOT NULL);
CREATE TABLE doc_agency (doc INTEGER NOT NULL, agency TEXT NOT NULL);
`

// Indexes are built after the bulk load, as one would.
const peerIndexes = `
CREATE INDEX meta_published ON meta (published);
CREATE INDEX meta_amount ON meta (amount_usd);
CREATE INDEX doc_company_value ON doc_company (company, doc);
CREATE INDEX doc_company_doc ON doc_company (doc, company);
CREATE INDEX doc_agency_value ON doc_agency (agency, doc);
CREATE INDEX doc_agency_doc ON doc_agency (doc, agency);
ANALYZE;
`

// openPeer opens (creating if needed) the SQLite database at path with the
// settings an ordinary application uses: WAL, synchronous=NORMAL, a 64 MiB
// page cache.
func openPeer(path string) (*peer, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// One connection: the benchmark queries one at a time, and the
	// pragmas below are per connection.
	db.SetMaxOpenConns(1)
	for _, p := range []string{"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -65536",
		"PRAGMA temp_store = MEMORY"} {
		if _, err := db.Exec(p); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite: %s: %w", p, err)
		}
	}
	return &peer{db: db, path: path}, nil
}

func (p *peer) Close() error { return p.db.Close() }

// count is the number of documents loaded; 0 for a new database.
func (p *peer) count() (int, error) {
	var n int
	err := p.db.QueryRow(`SELECT count(*) FROM meta`).Scan(&n)
	if err != nil && strings.Contains(err.Error(), "no such table") {
		return 0, nil
	}
	return n, err
}

// load copies every article of the store into the database, 1,000 per
// transaction, then builds the indexes. Only the inserts and the index
// builds are timed: reading Vigie's store is not the peer's work.
func (p *peer) load(ctx context.Context, st *store.Store) (docs int, took time.Duration, err error) {
	if _, err := p.db.ExecContext(ctx, peerSchema); err != nil {
		return 0, 0, fmt.Errorf("sqlite: schema: %w", err)
	}
	var after uint64
	for {
		var chunk []*indexer.Article
		last, err := st.Since(after, 1000, func(a *indexer.Article) error {
			chunk = append(chunk, a)
			return nil
		})
		if err != nil {
			return docs, took, fmt.Errorf("sqlite: read store: %w", err)
		}
		if last == after {
			break
		}
		after = last
		t0 := time.Now()
		if err := p.insert(ctx, docs, chunk); err != nil {
			return docs, took, err
		}
		took += time.Since(t0)
		docs += len(chunk)
	}
	t0 := time.Now()
	if _, err := p.db.ExecContext(ctx, peerIndexes); err != nil {
		return docs, took, fmt.Errorf("sqlite: indexes: %w", err)
	}
	took += time.Since(t0)
	return docs, took, nil
}

func (p *peer) insert(ctx context.Context, first int, arts []*indexer.Article) (err error) {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	stmts := map[string]string{
		"docs":    `INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)`,
		"meta":    `INSERT INTO meta (id, lang, source, amount_usd, published, month) VALUES (?, ?, ?, ?, ?, ?)`,
		"company": `INSERT INTO doc_company (doc, company) VALUES (?, ?)`,
		"agency":  `INSERT INTO doc_agency (doc, agency) VALUES (?, ?)`,
	}
	prepared := map[string]*sql.Stmt{}
	for name, q := range stmts {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("sqlite: prepare %s: %w", name, err)
		}
		defer s.Close()
		prepared[name] = s
	}
	for i, a := range arts {
		id := first + i + 1
		pub := a.Published.UTC()
		if _, err := prepared["docs"].ExecContext(ctx, id, a.Title, a.Text); err != nil {
			return fmt.Errorf("sqlite: insert text: %w", err)
		}
		if _, err := prepared["meta"].ExecContext(ctx, id, a.Lang, a.Source, a.AmountUSD, pub.Unix(), pub.Format("2006-01")); err != nil {
			return fmt.Errorf("sqlite: insert values: %w", err)
		}
		for _, c := range a.Companies {
			if _, err := prepared["company"].ExecContext(ctx, id, c); err != nil {
				return fmt.Errorf("sqlite: insert company: %w", err)
			}
		}
		for _, ag := range a.Agencies {
			if _, err := prepared["agency"].ExecContext(ctx, id, ag); err != nil {
				return fmt.Errorf("sqlite: insert agency: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// size is the database's size on disk (main file and WAL).
func (p *peer) size() int64 {
	var total int64
	for _, f := range []string{p.path, p.path + "-wal"} {
		if fi, err := os.Stat(f); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// query is one SQL statement under construction: FROM, WHERE and args.
type query struct {
	from  string
	where []string
	args  []any
}

// base is the matched set of k, without the filter of facet except.
func base(k kind, except string) query {
	q := query{from: "meta m"}
	if k.match != "" {
		q.from = "docs JOIN meta m ON m.id = docs.rowid"
		q.where = append(q.where, "docs MATCH ?")
		q.args = append(q.args, k.match)
	}
	if cs := k.req.Companies; len(cs) > 0 && except != "company" {
		q.where = append(q.where, "m.id IN (SELECT doc FROM doc_company WHERE company IN ("+placeholders(len(cs))+"))")
		for _, c := range cs {
			q.args = append(q.args, c)
		}
	}
	if k.req.AmountMin > 0 && except != "amount" {
		q.where = append(q.where, "m.amount_usd >= ?")
		q.args = append(q.args, k.req.AmountMin)
	}
	return q
}

func (q query) sql(selectList, extraFrom, extraWhere, tail string) string {
	var b strings.Builder
	b.WriteString("SELECT " + selectList + " FROM " + q.from + extraFrom)
	where := q.where
	if extraWhere != "" {
		where = append(where[:len(where):len(where)], extraWhere)
	}
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString(" " + tail)
	return b.String()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// search runs kind k as an application would: the top 10 with display
// fields, the total, and, if k has facets, one GROUP BY per facet.
func (p *peer) search(ctx context.Context, k kind) (uint64, error) {
	var total uint64
	q := base(k, "")
	if err := p.db.QueryRowContext(ctx, q.sql("count(*)", "", "", ""), q.args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("sqlite: total: %w", err)
	}
	if err := p.rows(ctx, p.topSQL(k, q), q.args); err != nil {
		return 0, fmt.Errorf("sqlite: top 10: %w", err)
	}
	if !k.facets() {
		return total, nil
	}
	for _, f := range peerFacets {
		fq := base(k, f.name)
		tail := f.tail
		if f.name == "company" {
			// Like Vigie: the top values plus every selected one.
			tail += fmt.Sprintf(" LIMIT %d", search.DefaultFacetSize+len(k.req.Companies))
		}
		if err := p.rows(ctx, fq.sql(f.selectList, f.join, f.where, tail), fq.args); err != nil {
			return 0, fmt.Errorf("sqlite: facet %s: %w", f.name, err)
		}
	}
	return total, nil
}

func (p *peer) topSQL(k kind, q query) string {
	order := "m.published DESC"
	switch k.req.Sort {
	case search.SortAmount:
		order = "m.amount_usd DESC, m.published DESC"
	case search.SortDate:
	default:
		if k.match != "" {
			order = "bm25(docs, 2.5, 1.0), m.published DESC"
		}
	}
	if k.match == "" {
		return q.sql("m.id, d.title, substr(d.body, 1, 240), m.source, m.published, m.lang, m.amount_usd",
			" JOIN docs d ON d.rowid = m.id", "", "ORDER BY "+order+" LIMIT 10")
	}
	return q.sql("m.id, docs.title, snippet(docs, 1, '<mark>', '</mark>', '…', 32), m.source, m.published, m.lang, m.amount_usd",
		"", "", "ORDER BY "+order+" LIMIT 10")
}

// rows runs a query and reads every row, as an application building a
// response would.
func (p *peer) rows(ctx context.Context, q string, args []any) error {
	rows, err := p.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// peerFacets are the six facets as SQL: Vigie's facet sizes (10 terms,
// 5 languages, every month) and amount buckets.
var peerFacets = []struct {
	name                    string
	selectList, join, where string
	tail                    string
}{
	{"company", "c.company, count(*) AS n", " JOIN doc_company c ON c.doc = m.id", "", "GROUP BY c.company ORDER BY n DESC, c.company"},
	{"agency", "a.agency, count(*) AS n", " JOIN doc_agency a ON a.doc = m.id", "", "GROUP BY a.agency ORDER BY n DESC, a.agency LIMIT 10"},
	{"lang", "m.lang, count(*) AS n", "", "", "GROUP BY m.lang ORDER BY n DESC LIMIT 5"},
	{"source", "m.source, count(*) AS n", "", "", "GROUP BY m.source ORDER BY n DESC, m.source LIMIT 10"},
	{"amount", amountBucketSQL + " AS bucket, count(*)", "", "m.amount_usd > 0", "GROUP BY bucket"},
	{"month", "m.month, count(*)", "", "", "GROUP BY m.month"},
}

// amountBucketSQL mirrors search.AmountBuckets.
var amountBucketSQL = func() string {
	var b strings.Builder
	b.WriteString("CASE")
	for i, bk := range search.AmountBuckets {
		if bk.Max == 0 {
			fmt.Fprintf(&b, " ELSE %d END", i)
			break
		}
		fmt.Fprintf(&b, " WHEN m.amount_usd < %g THEN %d", bk.Max, i)
	}
	return b.String()
}()
