package alert

// moreTexts are the sentences of silence notices, suggestions and the
// manage page's editing, per locale; catalog embeds them.
type moreTexts struct {
	// silence notices
	SilentSubject   string // %s: the search
	SilentText      string // %s search, %s date, %d days
	SilentSuggest   string // %s change, %s search, %d matches, %d days
	SilentNoSuggest string
	SilentTry       string
	SilentEdit      string
	SilentPage      string // manage page: %s date, %d days

	// suggestion changes
	SuggestSpelling string // %s: the words as found
	SuggestWithout  string // %s: the filter or word dropped
	SuggestAnyWord  string

	// manage page
	PageChannel, PageWebhook, PageSecret, PageSecretNote, PageDeliveries, PageNoDeliveries string
	PageEdit, PageEditQuery, PageSave, PageSaved, PagePause, PagePaused, PagePausedText    string
	PageResume, PageResumed, StatePaused, ChannelEmail, ChannelWebhook, PageFormat         string
	PageLastMatch, PageNeverMatched, PageDeliveryOK, PageDeliveryFailed, PageInvalid       string
	PageFiltersKept                                                                        string
}

var moreEN = moreTexts{
	SilentSubject:   "Vigie: your alert %s has found nothing lately",
	SilentText:      "Your alert %s has matched no new article since %s (%d days).",
	SilentSuggest:   "The closest search that does match is %s: %s, with %d articles in the last %d days.",
	SilentNoSuggest: "No close search matched either: the subject may simply be quiet, or the search needs other words.",
	SilentTry:       "Try the suggested search",
	SilentEdit:      "Edit or pause the alert",
	SilentPage:      "This alert has matched nothing since %s (%d days).",

	SuggestSpelling: "spelt %q",
	SuggestWithout:  "without %s",
	SuggestAnyWord:  "any of the words rather than all",

	PageChannel: "Delivered by", PageWebhook: "Webhook", PageSecret: "Signing secret",
	PageSecretNote: "The receiver checks the X-Vigie-Signature header with this key (HMAC-SHA256).",
	PageDeliveries: "Latest deliveries", PageNoDeliveries: "No delivery yet.",
	PageEdit: "Edit the alert", PageEditQuery: "Words", PageSave: "Save", PageSaved: "Alert saved",
	PagePause: "Pause the alert", PagePaused: "Alert paused",
	PagePausedText: "Nothing is sent until you resume it; articles published meanwhile are not sent later.",
	PageResume:     "Resume the alert", PageResumed: "Alert resumed", StatePaused: "paused",
	ChannelEmail: "e-mail", ChannelWebhook: "webhook", PageFormat: "Format",
	PageLastMatch: "Last match", PageNeverMatched: "not yet",
	PageDeliveryOK: "delivered", PageDeliveryFailed: "failed",
	PageInvalid:     "The alert was not saved",
	PageFiltersKept: "Other filters (company, agency, source, language, amount) are kept as they are.",
}

var moreFR = moreTexts{
	SilentSubject:   "Vigie : votre alerte %s ne trouve plus rien",
	SilentText:      "Votre alerte %s n’a trouvé aucun nouvel article depuis le %s (%d jours).",
	SilentSuggest:   "La recherche la plus proche qui trouve quelque chose est %s : %s, avec %d articles sur les %d derniers jours.",
	SilentNoSuggest: "Aucune recherche proche ne trouve rien non plus : le sujet est peut-être calme, ou la recherche demande d’autres mots.",
	SilentTry:       "Essayer la recherche proposée",
	SilentEdit:      "Modifier ou suspendre l’alerte",
	SilentPage:      "Cette alerte n’a rien trouvé depuis le %s (%d jours).",

	SuggestSpelling: "écrite « %s »",
	SuggestWithout:  "sans %s",
	SuggestAnyWord:  "avec l’un des mots plutôt que tous",

	PageChannel: "Envoi par", PageWebhook: "Webhook", PageSecret: "Clé de signature",
	PageSecretNote: "Le destinataire vérifie l’en-tête X-Vigie-Signature avec cette clé (HMAC-SHA256).",
	PageDeliveries: "Derniers envois", PageNoDeliveries: "Aucun envoi pour l’instant.",
	PageEdit: "Modifier l’alerte", PageEditQuery: "Mots", PageSave: "Enregistrer", PageSaved: "Alerte enregistrée",
	PagePause: "Suspendre l’alerte", PagePaused: "Alerte suspendue",
	PagePausedText: "Rien n’est envoyé jusqu’à sa reprise ; les articles publiés entre-temps ne seront pas envoyés.",
	PageResume:     "Reprendre l’alerte", PageResumed: "Alerte reprise", StatePaused: "suspendue",
	ChannelEmail: "e-mail", ChannelWebhook: "webhook", PageFormat: "Format",
	PageLastMatch: "Dernier article trouvé", PageNeverMatched: "pas encore",
	PageDeliveryOK: "envoyé", PageDeliveryFailed: "échec",
	PageInvalid:     "L’alerte n’a pas été enregistrée",
	PageFiltersKept: "Les autres filtres (entreprise, agence, source, langue, montant) restent inchangés.",
}

func init() {
	catalogs["en"].moreTexts = moreEN
	catalogs["fr"].moreTexts = moreFR
}
