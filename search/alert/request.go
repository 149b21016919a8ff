package alert

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	netmail "net/mail"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"vigie/search"
)

// createInput is a validated alert creation request.
type createInput struct {
	Email     string
	Frequency string
	Locale    string
	Request   search.Request
	Channel   string
	Webhook   *Webhook // set when Channel is ChannelWebhook (without its secret)
}

// Limits of an e-mail address (RFC 5321 section 4.5.3.1).
const (
	maxEmailLen = 254
	maxLocalLen = 64
)

// notForAlerts are search parameters that mean nothing for an alert.
var notForAlerts = []string{"page", "size", "facet_size"}

func badParam(param, msg string) error {
	return &search.BadRequestError{Code: "bad_parameter", Param: param, Msg: msg}
}

// decodeCreate reads and validates a creation request: a JSON object with
// email, frequency, locale and the same search parameters as /api/search
// (each a string, a number or a list of them). The search parameters go
// through search.ParseRequest, so an alert accepts exactly what a search
// does and fails with the same messages. acceptLanguage picks the locale
// when the request gives none.
func decodeCreate(body []byte, acceptLanguage string, now time.Time) (createInput, error) {
	return decodeAlert(body, acceptLanguage, now, true)
}

// decodePreview reads a back-test request: a creation request whose email
// may be left out.
func decodePreview(body []byte, acceptLanguage string, now time.Time) (createInput, error) {
	return decodeAlert(body, acceptLanguage, now, false)
}

func decodeAlert(body []byte, acceptLanguage string, now time.Time, needEmail bool) (createInput, error) {
	var in createInput
	var hookURL, hookFormat string
	fields, err := decodeObject(body)
	if err != nil {
		return in, err
	}
	v := url.Values{}
	// Sorted so that the first error reported does not depend on map order.
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := fields[k]
		switch k {
		case "email", "frequency", "locale", "channel", "webhook_url", "webhook_format":
			s, err := jsonString(raw, k)
			if err != nil {
				return in, err
			}
			switch k {
			case "email":
				in.Email = s
			case "frequency":
				in.Frequency = s
			case "locale":
				in.Locale = s
			case "channel":
				in.Channel = s
			case "webhook_url":
				hookURL = s
			case "webhook_format":
				hookFormat = s
			}
			continue
		}
		if err := addSearchParam(v, k, raw); err != nil {
			return in, err
		}
	}
	if needEmail || in.Email != "" {
		if in.Email, err = validEmail(in.Email); err != nil {
			return in, err
		}
	}
	if in.Frequency, err = validFrequency(in.Frequency); err != nil {
		return in, err
	}
	if in.Locale, err = validLocale(in.Locale, acceptLanguage); err != nil {
		return in, err
	}
	if in.Channel, in.Webhook, err = validChannel(in.Channel, hookURL, hookFormat); err != nil {
		return in, err
	}
	if in.Request, err = search.ParseRequest(v); err != nil {
		return in, err
	}
	return in, validForAlert(&in.Request, now)
}

// addSearchParam adds one search parameter of an alert body to v.
func addSearchParam(v url.Values, k string, raw json.RawMessage) error {
	if slices.Contains(notForAlerts, k) {
		return badParam(k, "does not apply to alerts (they send every new match)")
	}
	vals, err := jsonValues(raw, k)
	if err != nil {
		return err
	}
	v[k] = vals
	return nil
}

// decodeObject parses body as one JSON object, keeping values raw.
func decodeObject(body []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		return nil, badParam("", "the body must be a JSON object: "+jsonProblem(err))
	}
	if fields == nil {
		return nil, badParam("", "the body must be a JSON object, not null")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badParam("", "the body must hold one JSON object and nothing after it")
	}
	return fields, nil
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "the body is empty"
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &te):
		return "found " + te.Value
	}
	return err.Error()
}

func jsonString(raw json.RawMessage, name string) (string, error) {
	if string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", badParam(name, "must be a string")
	}
	return strings.TrimSpace(s), nil
}

// jsonValues accepts a string, a number, null, or a list of strings and
// numbers, as the values of one search parameter.
func jsonValues(raw json.RawMessage, name string) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return nil, nil
	}
	if len(raw) > 0 && raw[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, badParam(name, "must be a string, a number or a list of them")
		}
		var out []string
		for _, item := range list {
			s, err := scalar(item, name)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(raw, name)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func scalar(raw json.RawMessage, name string) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return "", badParam(name, "is not valid JSON")
	}
	switch x := x.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	}
	return "", badParam(name, "must be a string, a number or a list of them")
}

// validEmail accepts a bare address (no display name) of sane length whose
// domain is a host name, and lower-cases the domain.
func validEmail(s string) (string, error) {
	if s == "" {
		return "", badParam("email", "is required: the address the alert e-mails go to")
	}
	if len(s) > maxEmailLen {
		return "", badParam("email", "is too long for an e-mail address")
	}
	addr, err := netmail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", badParam("email", "is not an e-mail address (write it alone, like analyst@example.org)")
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if len(local) > maxLocalLen {
		return "", badParam("email", "has a part before @ longer than 64 characters")
	}
	if !validDomain(domain) {
		return "", badParam("email", "has no valid domain after @ (like example.org)")
	}
	return local + "@" + domain, nil
}

// validDomain wants a dotted host name: letters (any script), digits and
// inner hyphens; no IP literal, no single-label name.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || utf8.RuneCountInString(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

func validFrequency(f string) (string, error) {
	switch f = strings.ToLower(f); f {
	case "":
		return Daily, nil // the least intrusive, as most alert services default
	case Instant, Daily, Weekly:
		return f, nil
	}
	return "", badParam("frequency", "must be instant, daily or weekly")
}

func validLocale(l, acceptLanguage string) (string, error) {
	l = strings.ToLower(l)
	if l == "" {
		return localeFrom(acceptLanguage), nil
	}
	if !slices.Contains(locales, l) {
		return "", badParam("locale", "must be fr or en (the language of the e-mails)")
	}
	return l, nil
}

// validForAlert refuses searches that make no sense as alerts.
func validForAlert(r *search.Request, now time.Time) error {
	if r.Q == "" && len(r.Companies)+len(r.Agencies)+len(r.Langs)+len(r.Sources) == 0 &&
		r.AmountMin == 0 && r.AmountMax == 0 {
		return badParam("q", "an alert needs words or a filter: an empty search would send every new article")
	}
	if !r.To.IsZero() && !r.To.After(now) {
		return badParam("to", "is in the past: the alert would never match a new article")
	}
	return nil
}

// editInput is a validated change to an alert (PATCH or the manage
// page's form): only what it names changes.
type editInput struct {
	Edit
	State string // "", StatePaused or StateActive (resume)
}

// decodeEdit reads a PATCH body: frequency, channel, webhook_url,
// webhook_format, state (paused or active), and search parameters, which
// replace the whole saved search when any is given.
func decodeEdit(body []byte) (editInput, error) {
	var in editInput
	fields, err := decodeObject(body)
	if err != nil {
		return in, err
	}
	own := map[string]string{}
	v := url.Values{}
	for k, raw := range fields {
		switch k {
		case "frequency", "channel", "webhook_url", "webhook_format", "state":
			s, err := jsonString(raw, k)
			if err != nil {
				return in, err
			}
			own[k] = s
			continue
		case "email", "locale":
			return in, badParam(k, "cannot be changed; create a new alert instead")
		}
		if err := addSearchParam(v, k, raw); err != nil {
			return in, err
		}
	}
	return in, in.fill(own, v)
}

// fill validates the named fields into in.
func (in *editInput) fill(own map[string]string, v url.Values) error {
	if f, ok := own["frequency"]; ok {
		if f == "" {
			return badParam("frequency", "must be instant, daily or weekly")
		}
		f, err := validFrequency(f)
		if err != nil {
			return err
		}
		in.Frequency = &f
	}
	_, hasChannel := own["channel"]
	_, hasURL := own["webhook_url"]
	if hasChannel || hasURL {
		ch, w, err := validChannel(own["channel"], own["webhook_url"], own["webhook_format"])
		if err != nil {
			return err
		}
		in.Channel, in.Webhook = &ch, w
	} else if _, ok := own["webhook_format"]; ok {
		return badParam("webhook_format", "goes with webhook_url")
	}
	switch st := strings.ToLower(own["state"]); st {
	case "", StatePaused, StateActive:
		in.State = st
	default:
		return badParam("state", "must be paused or active")
	}
	if len(v) > 0 {
		req, err := search.ParseRequest(v)
		if err != nil {
			return err
		}
		in.Request = &req
	}
	if in.Request == nil && in.Frequency == nil && in.Channel == nil && in.State == "" {
		return badParam("", "nothing to change: give frequency, channel, state or search parameters")
	}
	return nil
}
