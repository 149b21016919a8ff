package alert

import (
	"fmt"
	"strings"
	"time"
)

// Locales the e-mails and pages are written in.
var locales = []string{"en", "fr"}

// catalog is every sentence of the e-mails and pages in one language. The
// templates say where things go; the catalog says them.
type catalog struct {
	Locale string
	// Colon ends a label: ": " in English, " : " in French.
	Colon string

	// describe labels
	Company, Agency, Lang, Source, Amount, From, Until, Or, Everything string

	// frequencies, as "you will receive new articles ..."
	FreqInstant, FreqDaily, FreqWeekly string

	// Created answers the creation request.
	Created string

	// confirmation e-mail
	ConfirmSubject, Hello, ConfirmIntro, ConfirmFrequency, ConfirmCTA, ConfirmButton, ConfirmIgnore string

	// alert e-mail
	AlertSubject, DigestDailySubject, DigestWeeklySubject string
	AlertIntro, More, SeeSearch, Manage, Unsubscribe, Why string

	// pages
	PageConfirmed, PageConfirmedText, PageAlreadyConfirmed                                string
	PageUnsubscribed, PageUnsubscribedText, PageUndo, PageReactivate                      string
	PageReactivated, PageManage, PageDelete, PageDeleted, PageDeletedText, PageGone       string
	PageGoneText, PageBadLink, PageBadLinkText, PageState, PageEmail, PageCreated         string
	PageSent, PageSearch, PageFrequency, PageUnsubscribeTitle, PageUnsubscribeText        string
	StatePending, StateActive, StateUnsubscribed, PageConfirmFirst, PageUnsubscribeButton string

	months [12]string
	// articles is the plural form: "1 new article", "2 new articles".
	one, many string
	// previewed is "In the last 30 days, it would have matched %s."
	previewed string

	moreTexts
}

var catalogs = map[string]*catalog{
	"en": {
		Locale:  "en",
		Colon:   ": ",
		Company: "company", Agency: "agency", Lang: "language", Source: "source", Amount: "amount",
		From: "from", Until: "until", Or: " or ", Everything: "every new article",

		FreqInstant: "as soon as they are published",
		FreqDaily:   "in one digest a day",
		FreqWeekly:  "in one digest a week, on Mondays",

		Created:          "A confirmation link was sent to %s: the alert starts once you follow it.",
		ConfirmSubject:   "Confirm your Vigie alert: %s",
		Hello:            "Hello,",
		ConfirmIntro:     "Someone, hopefully you, asked Vigie to e-mail this address when new articles match this search:",
		ConfirmFrequency: "You would receive them %s.",
		ConfirmCTA:       "To start the alert, confirm it:",
		ConfirmButton:    "Confirm the alert",
		ConfirmIgnore:    "If you did not ask for this, ignore this e-mail: nothing will be sent and the request is deleted in 7 days.",

		AlertSubject:        "Vigie: %s for %s",
		DigestDailySubject:  "Vigie daily digest: %s for %s",
		DigestWeeklySubject: "Vigie weekly digest: %s for %s",
		AlertIntro:          "Your Vigie alert found %s:",
		More:                "…and %d more: see the search.",
		SeeSearch:           "See this search on Vigie",
		Manage:              "Manage this alert",
		Unsubscribe:         "Unsubscribe",
		Why:                 "You receive this e-mail because you confirmed a Vigie alert for this address.",

		PageConfirmed:         "Alert confirmed",
		PageConfirmedText:     "Vigie will e-mail you new articles that match this search %s.",
		PageAlreadyConfirmed:  "This alert was already confirmed.",
		PageUnsubscribed:      "You are unsubscribed",
		PageUnsubscribedText:  "Vigie will send no more e-mails for this alert.",
		PageUndo:              "Unsubscribed by mistake?",
		PageReactivate:        "Reactivate the alert",
		PageReactivated:       "Alert reactivated",
		PageManage:            "Your Vigie alert",
		PageDelete:            "Delete this alert",
		PageDeleted:           "Alert deleted",
		PageDeletedText:       "The alert and everything Vigie kept for it are deleted.",
		PageGone:              "This alert no longer exists",
		PageGoneText:          "It was deleted, or it expired before it was confirmed. You can create it again from a search.",
		PageBadLink:           "This link is not valid",
		PageBadLinkText:       "The link is incomplete or was altered. Copy the whole link from the e-mail.",
		PageState:             "State",
		PageEmail:             "E-mail",
		PageCreated:           "Created",
		PageSent:              "Articles sent",
		PageSearch:            "Search",
		PageFrequency:         "Frequency",
		PageUnsubscribeTitle:  "Unsubscribe",
		PageUnsubscribeText:   "Stop the e-mails of this alert.",
		PageUnsubscribeButton: "Unsubscribe",
		PageConfirmFirst:      "This alert is waiting for confirmation: use the link in the confirmation e-mail.",
		StatePending:          "waiting for confirmation",
		StateActive:           "active",
		StateUnsubscribed:     "unsubscribed",

		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		one:    "1 new article", many: "%d new articles",
		previewed: "In the last 30 days, it would have matched %s.",
	},
	"fr": {
		Locale:  "fr",
		Colon:   "\u00a0: ",
		Company: "entreprise", Agency: "agence", Lang: "langue", Source: "source", Amount: "montant",
		From: "depuis le", Until: "jusqu’au", Or: " ou ", Everything: "tout nouvel article",

		FreqInstant: "dès leur publication",
		FreqDaily:   "dans un résumé quotidien",
		FreqWeekly:  "dans un résumé hebdomadaire, le lundi",

		Created:          "Un lien de confirmation a été envoyé à %s : l’alerte démarre quand vous le suivez.",
		ConfirmSubject:   "Confirmez votre alerte Vigie : %s",
		Hello:            "Bonjour,",
		ConfirmIntro:     "Quelqu’un, sans doute vous, a demandé à Vigie d’écrire à cette adresse quand de nouveaux articles correspondent à cette recherche :",
		ConfirmFrequency: "Vous les recevriez %s.",
		ConfirmCTA:       "Pour activer l’alerte, confirmez-la :",
		ConfirmButton:    "Confirmer l’alerte",
		ConfirmIgnore:    "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera envoyé et la demande sera effacée dans 7 jours.",

		AlertSubject:        "Vigie : %s pour %s",
		DigestDailySubject:  "Résumé quotidien Vigie : %s pour %s",
		DigestWeeklySubject: "Résumé hebdomadaire Vigie : %s pour %s",
		AlertIntro:          "Votre alerte Vigie a trouvé %s :",
		More:                "… et %d autres : voir la recherche.",
		SeeSearch:           "Voir cette recherche sur Vigie",
		Manage:              "Gérer cette alerte",
		Unsubscribe:         "Se désabonner",
		Why:                 "Vous recevez ce message parce que vous avez confirmé une alerte Vigie pour cette adresse.",

		PageConfirmed:         "Alerte confirmée",
		PageConfirmedText:     "Vigie vous enverra les nouveaux articles correspondant à cette recherche %s.",
		PageAlreadyConfirmed:  "Cette alerte était déjà confirmée.",
		PageUnsubscribed:      "Désabonnement effectué",
		PageUnsubscribedText:  "Vigie n’enverra plus de message pour cette alerte.",
		PageUndo:              "Désabonné par erreur ?",
		PageReactivate:        "Réactiver l’alerte",
		PageReactivated:       "Alerte réactivée",
		PageManage:            "Votre alerte Vigie",
		PageDelete:            "Supprimer cette alerte",
		PageDeleted:           "Alerte supprimée",
		PageDeletedText:       "L’alerte et tout ce que Vigie conservait pour elle sont effacés.",
		PageGone:              "Cette alerte n’existe plus",
		PageGoneText:          "Elle a été supprimée, ou elle a expiré avant d’être confirmée. Vous pouvez la recréer depuis une recherche.",
		PageBadLink:           "Ce lien n’est pas valide",
		PageBadLinkText:       "Le lien est incomplet ou a été modifié. Copiez le lien entier depuis le message.",
		PageState:             "État",
		PageEmail:             "Adresse",
		PageCreated:           "Créée le",
		PageSent:              "Articles envoyés",
		PageSearch:            "Recherche",
		PageFrequency:         "Fréquence",
		PageUnsubscribeTitle:  "Se désabonner",
		PageUnsubscribeText:   "Arrêter les messages de cette alerte.",
		PageUnsubscribeButton: "Se désabonner",
		PageConfirmFirst:      "Cette alerte attend sa confirmation : utilisez le lien du message de confirmation.",
		StatePending:          "en attente de confirmation",
		StateActive:           "active",
		StateUnsubscribed:     "désabonnée",

		months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		one:    "1 nouvel article", many: "%d nouveaux articles",
		previewed: "Sur les 30 derniers jours, elle aurait trouvé %s.",
	},
}

// texts returns the catalog of a locale, English when unknown.
func texts(locale string) *catalog {
	if c, ok := catalogs[locale]; ok {
		return c
	}
	return catalogs["en"]
}

// Articles is "1 new article" / "3 new articles".
func (c *catalog) Articles(n int) string {
	if n == 1 {
		return c.one
	}
	return fmt.Sprintf(c.many, n)
}

// Previewed is the preview sentence of the confirmation e-mail.
func (c *catalog) Previewed(n uint64) string {
	s := fmt.Sprintf("%d article", n)
	// French keeps 0 singular; English does not.
	if n > 1 || (n == 0 && c.Locale != "fr") {
		s += "s"
	}
	return fmt.Sprintf(c.previewed, s)
}

// Date formats a publication date: "17 Jun 2025", "17 juin 2025".
func (c *catalog) Date(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%d %s %d", t.Day(), c.months[t.Month()-1], t.Year())
}

// Frequency is how the alert sends, as the end of a sentence.
func (c *catalog) Frequency(f string) string {
	switch f {
	case Daily:
		return c.FreqDaily
	case Weekly:
		return c.FreqWeekly
	}
	return c.FreqInstant
}

// State names an alert state.
func (c *catalog) State(s string) string {
	switch s {
	case StatePending:
		return c.StatePending
	case StateUnsubscribed:
		return c.StateUnsubscribed
	case StatePaused:
		return c.moreTexts.StatePaused
	}
	return c.StateActive
}

// Sprintf lets templates fill a catalog sentence.
func (c *catalog) Sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// localeFrom picks fr or en from an Accept-Language header: the first
// language of the highest weight that Vigie writes in, else English.
func localeFrom(acceptLanguage string) string {
	best, bestQ := "en", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		primary, _, _ := strings.Cut(tag, "-")
		q := 1.0
		if p := strings.TrimSpace(params); strings.HasPrefix(p, "q=") {
			if _, err := fmt.Sscanf(p, "q=%g", &q); err != nil {
				continue
			}
		}
		for _, l := range locales {
			if primary == l && q > bestQ {
				best, bestQ = l, q
			}
		}
	}
	return best
}
