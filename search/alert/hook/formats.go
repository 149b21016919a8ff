package hook

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"
)

// maxChatArticles bounds the articles a chat message lists: Slack allows
// 50 blocks, and a chat line is read at a glance; the rest is one link
// away.
const maxChatArticles = 20

// Built is one request ready to send.
type Built struct {
	URL         string
	ContentType string
	Body        []byte
}

// Build renders ev for format, addressed to rawURL.
func Build(format, rawURL string, ev *Event) (Built, error) {
	var body any
	target := rawURL
	switch format {
	case FormatJSON, "":
		body = ev
	case FormatSlack:
		body = slackBody(ev)
	case FormatTeams:
		body = teamsBody(ev)
	case FormatMatrix:
		body = map[string]string{"text": plainText(ev), "html": htmlText(ev), "username": "Vigie"}
	case FormatNtfy:
		var err error
		if target, body, err = ntfyBody(rawURL, ev); err != nil {
			return Built{}, err
		}
	default:
		return Built{}, fmt.Errorf("unknown webhook format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	buf, err := json.Marshal(body)
	if err != nil {
		return Built{}, fmt.Errorf("encode webhook body: %w", err)
	}
	return Built{URL: target, ContentType: "application/json", Body: buf}, nil
}

// listed is the articles a chat format shows and how many it leaves out.
func listed(ev *Event) ([]Article, int) {
	arts := ev.Articles
	more := ev.More
	if len(arts) > maxChatArticles {
		more += len(arts) - maxChatArticles
		arts = arts[:maxChatArticles]
	}
	return arts, more
}

func byline(a Article) string {
	return strings.TrimSpace(a.Source + " · " + a.Date)
}

// slackEscape escapes what Slack's mrkdwn reserves.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// slackURL keeps a URL from closing Slack's <url|label> early.
var slackURL = strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C")

func slackLink(u, label string) string {
	if u == "" {
		return slackEscape.Replace(label)
	}
	return "<" + slackURL.Replace(u) + "|" + slackEscape.Replace(label) + ">"
}

func slackBody(ev *Event) map[string]any {
	text := func(s string) map[string]any { return map[string]any{"type": "mrkdwn", "text": s} }
	blocks := []map[string]any{{"type": "header", "text": map[string]any{"type": "plain_text", "text": clip(ev.Title, 150)}}}
	if ev.Text != "" {
		blocks = append(blocks, map[string]any{"type": "section", "text": text(slackEscape.Replace(ev.Text))})
	}
	arts, more := listed(ev)
	for _, a := range arts {
		line := "*" + slackLink(a.URL, a.Title) + "*\n" + slackEscape.Replace(byline(a))
		blocks = append(blocks, map[string]any{"type": "section", "text": text(clip(line, 3000))})
	}
	foot := []string{slackLink(ev.Alert.SearchURL, labels(ev).search)}
	if more > 0 {
		foot[0] = slackLink(ev.Alert.SearchURL, fmt.Sprintf(labels(ev).more, more))
	}
	foot = append(foot, slackLink(ev.Alert.ManageURL, labels(ev).manage))
	blocks = append(blocks, map[string]any{"type": "context", "elements": []any{text(strings.Join(foot, " · "))}})
	return map[string]any{"text": ev.Title, "blocks": blocks}
}

// mdEscape escapes the Markdown that Teams' TextBlocks and ntfy read.
var mdEscape = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "`", "\\`")

func mdLink(u, label string) string {
	if u == "" {
		return mdEscape.Replace(label)
	}
	return "[" + mdEscape.Replace(label) + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u) + ")"
}

func teamsBody(ev *Event) map[string]any {
	tb := func(text string, extra map[string]any) map[string]any {
		b := map[string]any{"type": "TextBlock", "text": text, "wrap": true}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	body := []any{tb(mdEscape.Replace(ev.Title), map[string]any{"weight": "Bolder", "size": "Medium"})}
	if ev.Text != "" {
		body = append(body, tb(mdEscape.Replace(ev.Text), nil))
	}
	arts, more := listed(ev)
	for _, a := range arts {
		body = append(body, tb(mdLink(a.URL, a.Title), map[string]any{"spacing": "Medium"}),
			tb(mdEscape.Replace(byline(a)), map[string]any{"isSubtle": true, "spacing": "None", "size": "Small"}))
	}
	if more > 0 {
		body = append(body, tb(mdEscape.Replace(fmt.Sprintf(labels(ev).more, more)), map[string]any{"isSubtle": true}))
	}
	var actions []any
	for _, a := range [][2]string{{labels(ev).search, ev.Alert.SearchURL}, {labels(ev).manage, ev.Alert.ManageURL}} {
		if a[1] != "" {
			actions = append(actions, map[string]any{"type": "Action.OpenUrl", "title": a[0], "url": a[1]})
		}
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard", "version": "1.4", "body": body, "actions": actions,
	}
	return map[string]any{"type": "message", "attachments": []any{map[string]any{
		"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card,
	}}}
}

func plainText(ev *Event) string {
	var b strings.Builder
	b.WriteString(ev.Title)
	if ev.Text != "" {
		b.WriteString("\n" + ev.Text)
	}
	arts, more := listed(ev)
	for _, a := range arts {
		fmt.Fprintf(&b, "\n• %s (%s) %s", a.Title, byline(a), a.URL)
	}
	if more > 0 {
		b.WriteString("\n" + fmt.Sprintf(labels(ev).more, more))
	}
	fmt.Fprintf(&b, "\n%s: %s", labels(ev).manage, ev.Alert.ManageURL)
	return b.String()
}

func htmlText(ev *Event) string {
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<p><strong>" + esc(ev.Title) + "</strong></p>")
	if ev.Text != "" {
		b.WriteString("<p>" + esc(ev.Text) + "</p>")
	}
	arts, more := listed(ev)
	if len(arts) > 0 {
		b.WriteString("<ul>")
		for _, a := range arts {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a> <em>%s</em></li>`, esc(a.URL), esc(a.Title), esc(byline(a)))
		}
		b.WriteString("</ul>")
	}
	if more > 0 {
		fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, esc(ev.Alert.SearchURL), esc(fmt.Sprintf(labels(ev).more, more)))
	}
	fmt.Fprintf(&b, `<p><a href="%s">%s</a></p>`, esc(ev.Alert.ManageURL), esc(labels(ev).manage))
	return b.String()
}

// ntfyBody publishes as JSON (UTF-8 titles, which headers cannot carry):
// to the server's root, with the topic of the subscriber's topic URL.
func ntfyBody(rawURL string, ev *Event) (string, map[string]any, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", nil, fmt.Errorf("ntfy URL: %w", err)
	}
	p := strings.TrimRight(u.Path, "/")
	topic := path.Base(p)
	if topic == "" || topic == "." || topic == "/" {
		return "", nil, fmt.Errorf("ntfy URL %q names no topic", rawURL)
	}
	root := *u
	root.Path, root.RawPath, root.RawQuery = path.Dir(p), "", ""
	if !strings.HasSuffix(root.Path, "/") {
		root.Path += "/"
	}
	var lines []string
	if ev.Text != "" {
		lines = append(lines, ev.Text)
	}
	arts, more := listed(ev)
	for _, a := range arts {
		lines = append(lines, "- "+mdLink(a.URL, a.Title)+" ("+mdEscape.Replace(byline(a))+")")
	}
	if more > 0 {
		lines = append(lines, mdEscape.Replace(fmt.Sprintf(labels(ev).more, more)))
	}
	body := map[string]any{
		"topic": topic, "title": clip(ev.Title, 250), "message": clip(strings.Join(lines, "\n"), 3800),
		"markdown": true, "tags": []string{"newspaper"}, "click": ev.Alert.SearchURL,
	}
	if ev.Alert.ManageURL != "" {
		body["actions"] = []any{map[string]any{"action": "view", "label": labels(ev).manage, "url": ev.Alert.ManageURL}}
	}
	return root.String(), body, nil
}

type chatLabels struct{ search, manage, more string }

func labels(ev *Event) chatLabels {
	if ev.Alert.Locale == "fr" {
		return chatLabels{search: "Voir la recherche", manage: "Gérer l'alerte", more: "et %d de plus sur Vigie"}
	}
	return chatLabels{search: "See the search", manage: "Manage the alert", more: "and %d more on Vigie"}
}

// clip cuts s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
