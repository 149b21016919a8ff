package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The query language is what people type into a search box:
//
//	bare words          all must match (in either language's analysis)
//	"quoted phrase"     words in this order
//	-word, -"phrase"    must not match
//	a OR b, a | b       either (OR binds tighter than the implicit AND)
//	( ... )             grouping
//	field:value         title, company, agency, source, lang (also in French:
//	                    titre, entreprise/société, agence, langue)
//
// The parser never fails on stray punctuation; it fails only on what a
// person would want to hear about: an unterminated phrase, an unbalanced
// parenthesis, an unknown field name written as a filter, a dangling OR.

// node is one piece of a parsed query.
type node interface{ String() string }

type andNode struct {
	must []node
	not  []node
}

type orNode struct{ any []node }

// termNode is a word or a phrase, optionally restricted to one field.
type termNode struct {
	field  string // "" (all text), "title", "company", "agency", "source", "lang"
	text   string
	phrase bool
}

func (n *andNode) String() string {
	parts := make([]string, 0, len(n.must)+len(n.not))
	for _, m := range n.must {
		parts = append(parts, m.String())
	}
	for _, m := range n.not {
		parts = append(parts, "-"+m.String())
	}
	return "(" + strings.Join(parts, " ") + ")"
}

func (n *orNode) String() string {
	parts := make([]string, len(n.any))
	for i, m := range n.any {
		parts[i] = m.String()
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func (n *termNode) String() string {
	s := n.text
	if n.phrase {
		s = `"` + s + `"`
	}
	if n.field != "" {
		s = n.field + ":" + s
	}
	return s
}

// fieldAliases maps the field names a user may type to the query fields.
var fieldAliases = map[string]string{
	"title": "title", "titre": "title",
	"company": "company", "entreprise": "company", "societe": "company", "société": "company",
	"agency": "agency", "agence": "agency",
	"source": "source",
	"lang":   "lang", "langue": "lang", "language": "lang",
}

// QueryError is a query the parser cannot make sense of; its message is
// meant for the person who typed the query.
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string { return e.Msg }

type tokKind int

const (
	tokWord tokKind = iota
	tokPhrase
	tokOr
	tokLParen
	tokRParen
)

type token struct {
	kind  tokKind
	text  string
	neg   bool   // preceded by '-'
	field string // for words/phrases written field:value
	pos   int
}

const maxQueryLen = 1000
const maxClauses = 64

// parseQuery parses q; an empty or all-whitespace q gives (nil, nil).
func parseQuery(q string) (node, error) {
	if len(q) > maxQueryLen {
		return nil, &QueryError{Msg: fmt.Sprintf("query is too long (%d characters, at most %d)", len(q), maxQueryLen)}
	}
	if !utf8.ValidString(q) {
		return nil, &QueryError{Msg: "query is not valid UTF-8"}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, nil
	}
	clauses := 0
	for _, t := range toks {
		if t.kind == tokWord || t.kind == tokPhrase {
			clauses++
		}
	}
	if clauses > maxClauses {
		return nil, &QueryError{Msg: fmt.Sprintf("query has too many terms (%d, at most %d)", clauses, maxClauses)}
	}
	p := &parser{toks: toks}
	n, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, &QueryError{Pos: p.toks[p.i].pos, Msg: "unbalanced parenthesis: ')' without a matching '('"}
	}
	return n, nil
}

func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{kind: tokLParen, pos: i})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokRParen, pos: i})
			i++
		case r == '|':
			toks = append(toks, token{kind: tokOr, pos: i})
			i++
		default:
			t, next, err := lexTerm(q, i)
			if err != nil {
				return nil, err
			}
			i = next
			if t.kind == tokWord && t.text == "" {
				continue
			}
			toks = append(toks, t)
		}
	}
	return toks, nil
}

// lexTerm reads one word or phrase starting at i, with its optional '-'
// prefix and field: prefix.
func lexTerm(q string, i int) (token, int, error) {
	t := token{kind: tokWord, pos: i}
	if q[i] == '-' || q[i] == '+' {
		t.neg = q[i] == '-'
		i++
		if i < len(q) && q[i] == '(' {
			// -( ... ): a negated group; represented as a word token with
			// neg and empty text that the parser turns into the group.
			t.kind = tokLParen
			return t, i + 1, nil
		}
	}
	if i < len(q) && isQuote(q[i:]) {
		return lexPhrase(q, i, t)
	}
	start := i
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) || r == '(' || r == ')' || r == '|' {
			break
		}
		if r == ':' && t.field == "" {
			name := strings.ToLower(q[start:i])
			if f, ok := fieldAliases[name]; ok {
				t.field = f
				i += size
				if i < len(q) && isQuote(q[i:]) {
					return lexPhrase(q, i, t)
				}
				start = i
				continue
			}
		}
		i += size
	}
	t.text = q[start:i]
	if t.field == "" && !t.neg && (t.text == "OR" || t.text == "OU") {
		t.kind = tokOr
		t.text = ""
		return t, i, nil
	}
	if t.field == "" && (t.text == "AND" || t.text == "ET") {
		t.text = "" // AND is the default; accept it as a no-op
	}
	if t.field != "" && t.text == "" {
		return t, i, &QueryError{Pos: t.pos, Msg: fmt.Sprintf("%s: needs a value, e.g. %s:OpenAI", t.field, t.field)}
	}
	return t, i, nil
}

func isQuote(s string) bool {
	return strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "“") || strings.HasPrefix(s, "«")
}

func lexPhrase(q string, i int, t token) (token, int, error) {
	open, size := utf8.DecodeRuneInString(q[i:])
	closeQ := map[rune]string{'"': `"`, '“': "”", '«': "»"}[open]
	i += size
	end := strings.Index(q[i:], closeQ)
	if end < 0 && open != '"' {
		end = strings.Index(q[i:], `"`)
		closeQ = `"`
	}
	if end < 0 {
		return t, len(q), &QueryError{Pos: t.pos, Msg: "unterminated phrase: a quotation mark is missing"}
	}
	t.kind = tokPhrase
	t.text = strings.TrimSpace(q[i : i+end])
	return t, i + end + len(closeQ), nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() *token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

// parseAnd reads a sequence of OR-groups until ')' or the end.
func (p *parser) parseAnd() (node, error) {
	and := &andNode{}
	for {
		t := p.peek()
		if t == nil || t.kind == tokRParen {
			break
		}
		if t.kind == tokOr {
			return nil, &QueryError{Pos: t.pos, Msg: "OR needs a term on each side"}
		}
		neg := t.neg
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if n == nil {
			continue
		}
		if neg {
			and.not = append(and.not, n)
		} else {
			and.must = append(and.must, n)
		}
	}
	if len(and.must) == 0 && len(and.not) == 0 {
		return nil, nil
	}
	if len(and.must) == 1 && len(and.not) == 0 {
		return and.must[0], nil
	}
	return and, nil
}

// parseOr reads unary (OR unary)*. A negation applies to its own operand
// only; "-a OR b" is read as "-(a OR b)" being surprising, so a negated
// operand inside an OR is an error.
func (p *parser) parseOr() (node, error) {
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	or := &orNode{any: []node{first}}
	for {
		t := p.peek()
		if t == nil || t.kind != tokOr {
			break
		}
		p.i++
		nt := p.peek()
		if nt == nil || nt.kind == tokRParen || nt.kind == tokOr {
			return nil, &QueryError{Pos: t.pos, Msg: "OR needs a term on each side"}
		}
		if nt.neg {
			return nil, &QueryError{Pos: nt.pos, Msg: "a -excluded term cannot be one side of OR; use parentheses"}
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		or.any = append(or.any, n)
	}
	if len(or.any) == 1 {
		return first, nil
	}
	return or, nil
}

func (p *parser) parseUnary() (node, error) {
	t := p.peek()
	p.i++
	switch t.kind {
	case tokLParen:
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != tokRParen {
			return nil, &QueryError{Pos: t.pos, Msg: "unbalanced parenthesis: '(' is never closed"}
		}
		p.i++
		if n == nil {
			return nil, &QueryError{Pos: t.pos, Msg: "empty parentheses"}
		}
		return n, nil
	case tokWord, tokPhrase:
		return &termNode{field: t.field, text: t.text, phrase: t.kind == tokPhrase}, nil
	}
	return nil, &QueryError{Pos: t.pos, Msg: "unexpected ')'"}
}
