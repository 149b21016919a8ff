package feed

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Source is one entry of feeds.yaml.
type Source struct {
	Name     string        `yaml:"name"`
	URL      string        `yaml:"url"`
	Lang     string        `yaml:"lang"`     // optional hint: "fr" | "en"
	Interval time.Duration `yaml:"interval"` // optional; 0 = global default
	// FullText says when to fetch each article's page for its full text:
	// auto (the default: when the feed's text is short or ends in "…" or
	// "read more"), always, or never.
	FullText FullTextMode `yaml:"fulltext"`
}

// FullTextMode is a feed's fulltext setting.
type FullTextMode string

// The fulltext settings of feeds.yaml. The zero value means auto.
const (
	FullTextAuto   FullTextMode = "auto"
	FullTextAlways FullTextMode = "always"
	FullTextNever  FullTextMode = "never"
)

// Mode is the feed's fulltext setting, auto when it is not set.
func (s Source) Mode() FullTextMode {
	if s.FullText == "" {
		return FullTextAuto
	}
	return s.FullText
}

// MinInterval is the shortest per-feed interval feeds.yaml may ask for:
// polling a publisher more often than this is rude and pointless for news.
const MinInterval = time.Minute

// rawSource mirrors Source with the interval kept as text, so that a bare
// number ("interval: 900") is rejected instead of silently meaning 900ns.
type rawSource struct {
	Name     string `yaml:"name"`
	URL      string `yaml:"url"`
	Lang     string `yaml:"lang"`
	Interval string `yaml:"interval"`
	FullText string `yaml:"fulltext"`
}

type rawFile struct {
	Feeds []yaml.Node `yaml:"feeds"`
}

// LoadSources reads and validates a feeds.yaml file.
func LoadSources(path string) ([]Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load feeds: %w", err)
	}
	defer f.Close()
	srcs, err := ParseSources(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return srcs, nil
}

// ParseSources decodes and validates a feeds.yaml document. Every problem is
// reported (joined), each with the entry's position and line, so a user can
// fix the whole file in one go.
func ParseSources(r io.Reader) ([]Source, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var file rawFile
	if err := dec.Decode(&file); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("feeds: empty document, expected a \"feeds:\" list")
		}
		return nil, fmt.Errorf("feeds: %w", err)
	}
	if len(file.Feeds) == 0 {
		return nil, errors.New("feeds: no feeds listed under \"feeds:\"")
	}

	var (
		errs   []error
		srcs   = make([]Source, 0, len(file.Feeds))
		byURL  = make(map[string]int, len(file.Feeds))
		byName = make(map[string]int, len(file.Feeds))
	)
	for i, node := range file.Feeds {
		var raw rawSource
		if err := checkKeys(&node); err != nil {
			errs = append(errs, fmt.Errorf("feed #%d (line %d): %w", i+1, node.Line, err))
			continue
		}
		if err := node.Decode(&raw); err != nil {
			errs = append(errs, fmt.Errorf("feed #%d (line %d): %w", i+1, node.Line, err))
			continue
		}
		src, err := raw.validate()
		if err != nil {
			errs = append(errs, fmt.Errorf("feed #%d (line %d): %w", i+1, node.Line, err))
			continue
		}
		key := urlKey(src.URL)
		if j, dup := byURL[key]; dup {
			errs = append(errs, fmt.Errorf("feed #%d (line %d): url %q is already used by feed #%d", i+1, node.Line, src.URL, j+1))
			continue
		}
		nameKey := strings.ToLower(src.Name)
		if j, dup := byName[nameKey]; dup {
			errs = append(errs, fmt.Errorf("feed #%d (line %d): name %q is already used by feed #%d", i+1, node.Line, src.Name, j+1))
			continue
		}
		byURL[key], byName[nameKey] = i, i
		srcs = append(srcs, src)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("feeds: %w", errors.Join(errs...))
	}
	return srcs, nil
}

// checkKeys rejects unknown keys ("intervall: 5m"), which yaml.v3 ignores
// when decoding a node even with KnownFields.
func checkKeys(node *yaml.Node) error {
	if node.Kind != yaml.MappingNode {
		return errors.New("expected a mapping with name, url, lang, interval and fulltext")
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		switch key := node.Content[i].Value; key {
		case "name", "url", "lang", "interval", "fulltext":
		default:
			return fmt.Errorf("unknown field %q (known: name, url, lang, interval, fulltext)", key)
		}
	}
	return nil
}

func (r rawSource) validate() (Source, error) {
	src := Source{Name: strings.TrimSpace(r.Name), URL: strings.TrimSpace(r.URL)}
	if src.Name == "" {
		return Source{}, errors.New("name is required")
	}
	if err := validateURL(src.URL); err != nil {
		return Source{}, fmt.Errorf("%q: %w", src.Name, err)
	}
	switch lang := strings.ToLower(strings.TrimSpace(r.Lang)); lang {
	case "", "fr", "en":
		src.Lang = lang
	default:
		return Source{}, fmt.Errorf("%q: lang %q is not supported (use fr, en or leave it out)", src.Name, r.Lang)
	}
	if s := strings.TrimSpace(r.Interval); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return Source{}, fmt.Errorf("%q: interval %q is not a duration like 15m or 1h", src.Name, r.Interval)
		}
		if d < MinInterval {
			return Source{}, fmt.Errorf("%q: interval %s is shorter than the minimum %s", src.Name, d, MinInterval)
		}
		src.Interval = d
	}
	switch mode := FullTextMode(strings.ToLower(strings.TrimSpace(r.FullText))); mode {
	case "":
	case FullTextAuto, FullTextAlways, FullTextNever:
		src.FullText = mode
	default:
		return Source{}, fmt.Errorf("%q: fulltext %q is not one of auto, always, never", src.Name, r.FullText)
	}
	return src, nil
}

func validateURL(raw string) error {
	if raw == "" {
		return errors.New("url is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q does not parse: %w", raw, err)
	}
	if u.Scheme == "file" {
		return validateFileURL(raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q: scheme must be http, https or file", raw)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("url %q has no host", raw)
	}
	if u.User != nil {
		// Credentials would end up in logs, state and the /api/feeds page.
		return fmt.Errorf("url %q must not embed credentials", raw)
	}
	return nil
}

// urlKey folds the parts of a URL that do not change the resource (scheme
// and host case, default port, fragment), so duplicates are caught.
func urlKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && !(u.Scheme == "http" && port == "80") && !(u.Scheme == "https" && port == "443") {
		host += ":" + port
	}
	u.Host = host
	u.Fragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// hostKey is the unit of politeness: at most one request at a time per host.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return raw
	}
	return strings.ToLower(u.Hostname())
}
