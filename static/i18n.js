// Interface strings in English and French, and the choice of language.
//
// The language comes from, in order: the user's explicit choice (kept in
// localStorage), then the browser's preferred languages, then English. It
// is not part of the page URL: a shared link shows the same search in the
// reader's own language.

const STORAGE_KEY = "vigie.lang";

export const LANGS = ["en", "fr"];

// Messages may hold {name} placeholders. Keys ending in a plural category
// (_one, _other) are chosen with Intl.PluralRules by tp().
const MESSAGES = {
  en: {
    title: "Vigie — defense AI news search",
    tagline: "Defense AI news, French and English",
    skip: "Skip to results",
    searchLabel: "Search the news",
    searchPlaceholder: "Search: OpenAI contract, drone, \"Mistral AI\", -rumor…",
    searchButton: "Search",
    navSearch: "Search",
    navFeeds: "Feed health",
    siteNav: "Site",
    resultsHeading: "Results",
    uiLanguage: "Interface language",
    filters: "Filters",
    filtersCount: "Filters ({n})",
    facet_company: "Companies",
    facet_agency: "Agencies",
    facet_lang: "Language",
    facet_source: "Sources",
    facet_amount: "Contract amount",
    filterLabel: "{name}: {value}",
    filter_company: "Company",
    filter_agency: "Agency",
    filter_lang: "Language",
    filter_source: "Source",
    filter_amount: "Amount",
    amountMin: "Min (USD)",
    amountMax: "Max (USD)",
    amountApply: "Apply",
    amountHelp: "In dollars: 250k, 50M, 1.5B.",
    amountInvalid: "Write an amount in dollars, such as 50M or 1.5B.",
    amountOrder: "The minimum is above the maximum.",
    facetMore: "More",
    facetFewer: "Fewer",
    facetMoreLabel: "Show more {facet}",
    facetFewerLabel: "Show fewer {facet}",
    facetNone: "None in these results",
    countLabel: "{n} articles",
    lang_fr: "French",
    lang_en: "English",
    lang_und: "Unknown",
    timeline: "Period",
    timelineHint: "Click a bar or drag across bars to filter by period.",
    timelineBar: "{period}: {count}. Filter to this period.",
    timelineEmpty: "No dated articles",
    periodAll: "All dates",
    periodClear: "Clear the period",
    periodRange: "{from} – {to}",
    sortLabel: "Sort by",
    sort_relevance: "Relevance",
    sort_date: "Newest",
    sort_amount: "Largest amount",
    results_one: "{n} result",
    results_other: "{n} results",
    resultsFor_one: "{n} result for “{q}”",
    resultsFor_other: "{n} results for “{q}”",
    took: "in {ms} ms",
    loading: "Searching…",
    pageOf: "Page {page} of {pages}",
    activeFilters: "Active filters",
    removeFilter: "Remove filter {filter}",
    clearAll: "Clear all",
    filterAmountMin: "≥ {min}",
    filterAmountMax: "≤ {max}",
    filterDateFrom: "from {from}",
    filterDateTo: "until {to}",
    chipCompany: "Filter by company {name}",
    chipAgency: "Filter by agency {name}",
    chipCompanyOff: "Remove company filter {name}",
    chipAgencyOff: "Remove agency filter {name}",
    amountTitle: "Amounts mentioned: {list}",
    langBadge: "Language: {lang}",
    fullText: "Full text fetched",
    fullTextTitle: "The feed carried only a summary: the text searched was read from the original page",
    opensNewTab: "(opens in a new tab)",
    noResults: "No article matches “{q}”.",
    noResultsAll: "No article matches these filters.",
    noResultsHint: "Try fewer words, another spelling, or remove a filter:",
    noResultsEmptyIndex: "Nothing here yet: the index is empty until feeds are polled or imported.",
    fuzzyNote: "No exact match for “{q}”. Showing close matches.",
    didYouMean: "Did you mean",
    alsoSearched: "Also searched:",
    alsoReported: "Also reported by:",
    articlesCount_one: "{n} article",
    articlesCount_other: "{n} articles",
    listSep: ", ",
    xlangOff: "search only the words as typed",
    xlangOffNote: "Searched only as typed, without translations.",
    xlangOn: "also search translations",
    pageBeyond: "There is no page {page} for this search.",
    backToFirst: "Back to the first page",
    errorTitle: "The search failed",
    errorNetwork: "The server could not be reached. Check your connection and try again.",
    errorBadQuery: "The query could not be understood: {message}",
    errorHTTP: "The server answered {status}: {message}",
    retry: "Try again",
    pagination: "Result pages",
    prev: "Previous",
    next: "Next",
    prevLabel: "Previous page",
    nextLabel: "Next page",
    pageLabel: "Page {page}",
    follow: "Follow this search",
    atom: "Atom feed",
    atomLabel: "Atom feed of this search",
    alertOpen: "Create an alert",
    alertLegend: "Get an alert when new articles match this search",
    alertEmail: "E-mail address",
    alertFrequency: "Frequency",
    freq_instant: "As they arrive",
    freq_daily: "Daily digest",
    freq_weekly: "Weekly digest",
    alertSubmit: "Create the alert",
    alertSending: "Creating the alert…",
    alertSearch: "Search: {search}",
    alertEverything: "every new article",
    alertDatesIgnored: "The period filter does not apply to alerts: they are about new articles.",
    alertPending: "Almost done: we sent a confirmation link to {email}. The alert starts once you click it.",
    alertNoMail: "E-mail alerts are not available on this server: outgoing mail is not configured. The Atom feed gives the same search in any feed reader.",
    alertError: "The alert could not be created: {message}",
    alertChannel: "Deliver by",
    channel_email: "E-mail",
    channel_webhook: "Webhook",
    webhookURL: "Webhook URL",
    webhookFormat: "Format",
    format_json: "JSON (generic, signed)",
    webhookHint: "The confirmation link still goes to your e-mail address; the matches then go to the webhook.",
    backtestLoading: "Checking what this search matched over the last 30 days…",
    backtest: "Over the last {days} days this search matched {articles}: about {emails} at this frequency.",
    backtestStories: "Over the last {days} days this search matched {articles} ({stories}): about {emails} at this frequency.",
    storiesCount_one: "{n} story",
    storiesCount_other: "{n} stories",
    emailsCount_one: "{n} e-mail",
    emailsCount_other: "{n} e-mails",
    webhookCalls_one: "{n} webhook call",
    webhookCalls_other: "{n} webhook calls",
    verdict_none: "Nothing matched in {days} days: this alert may stay silent. Loosen the search?",
    verdict_quiet: "A few matches a month.",
    verdict_broad: "About {n} a day: more than anyone reads. Narrow the search?",
    backtestChart: "Matches per day over the last {days} days: {total} in all, {peak} on {peakDay}, the busiest day.",
    backtestChartNone: "Matches per day over the last {days} days: none.",
    backtestBar: "{date}: {n}",
    backtestLatest: "Latest matches:",
    backtestFailed: "Could not check what this search matched recently: {message}",
    secretLabel: "Webhook secret",
    secretHelp: "Every call to the webhook carries an X-Vigie-Signature header: an HMAC-SHA256 of its timestamp and body made with this key. Give the key to the receiving service so that it can check the calls come from Vigie. It is shown only once: copy it now.",
    copy: "Copy",
    copyLabel: "Copy the webhook secret",
    copied: "Copied.",
    copyFailed: "Could not copy: select the key and copy it by hand.",
    feedsTitle: "Feed health — Vigie",
    feedsHeading: "Feed health",
    feedsIntro: "Every feed Vigie polls, with the outcome of its last fetch.",
    feedsSummary: "{total} feeds: {ok} ok, {failing} failing, {never} not fetched yet",
    feedsLoading: "Loading feeds…",
    feedsEmpty: "No feed is configured.",
    feedsError: "The feed list could not be loaded: {message}",
    feedsCaption: "Feeds, failing ones first",
    colFeed: "Feed",
    colStatus: "Status",
    colLastFetch: "Last fetch",
    colNextPoll: "Next poll",
    colItems: "Items",
    colError: "Last error",
    status_ok: "OK",
    status_failing: "Failing",
    status_never: "Never fetched",
    failures_one: "{n} failure in a row",
    failures_other: "{n} failures in a row",
    lastSuccess: "last success {time}",
    itemsTitle: "{last} in the last fetch, {total} new in total",
    pagesSummary: "Full text: {fetched} pages fetched, {failed} failed",
    pagesLastError: " — last failure: {error}",
    pagesNever: "Full text: off (fulltext: never)",
    never: "never",
    dash: "—",
    refresh: "Refresh",
    updatedAt: "Updated {time}",
    footer: "Vigie indexes public news feeds. Articles belong to their publishers.",
  },
  fr: {
    title: "Vigie — recherche d’actualités IA et défense",
    tagline: "L’IA de défense dans l’actualité, en français et en anglais",
    skip: "Aller aux résultats",
    searchLabel: "Rechercher dans l’actualité",
    searchPlaceholder: "Rechercher : contrat OpenAI, drone, \"Mistral AI\", -rumeur…",
    searchButton: "Rechercher",
    navSearch: "Recherche",
    navFeeds: "État des flux",
    siteNav: "Site",
    resultsHeading: "Résultats",
    uiLanguage: "Langue de l’interface",
    filters: "Filtres",
    filtersCount: "Filtres ({n})",
    facet_company: "Entreprises",
    facet_agency: "Agences",
    facet_lang: "Langue",
    facet_source: "Sources",
    facet_amount: "Montant du contrat",
    filterLabel: "{name} : {value}",
    filter_company: "Entreprise",
    filter_agency: "Agence",
    filter_lang: "Langue",
    filter_source: "Source",
    filter_amount: "Montant",
    amountMin: "Min (USD)",
    amountMax: "Max (USD)",
    amountApply: "Appliquer",
    amountHelp: "En dollars : 250k, 50M, 1.5B.",
    amountInvalid: "Écrivez un montant en dollars, par exemple 50M ou 1.5B.",
    amountOrder: "Le minimum dépasse le maximum.",
    facetMore: "Plus",
    facetFewer: "Moins",
    facetMoreLabel: "Afficher plus de valeurs : {facet}",
    facetFewerLabel: "Afficher moins de valeurs : {facet}",
    facetNone: "Aucune dans ces résultats",
    countLabel: "{n} articles",
    lang_fr: "Français",
    lang_en: "Anglais",
    lang_und: "Inconnue",
    timeline: "Période",
    timelineHint: "Cliquez sur une barre ou faites glisser sur plusieurs barres pour filtrer par période.",
    timelineBar: "{period} : {count}. Filtrer sur cette période.",
    timelineEmpty: "Aucun article daté",
    periodAll: "Toutes les dates",
    periodClear: "Effacer la période",
    periodRange: "{from} – {to}",
    sortLabel: "Trier par",
    sort_relevance: "Pertinence",
    sort_date: "Plus récents",
    sort_amount: "Montant le plus élevé",
    results_one: "{n} résultat",
    results_other: "{n} résultats",
    resultsFor_one: "{n} résultat pour « {q} »",
    resultsFor_other: "{n} résultats pour « {q} »",
    took: "en {ms} ms",
    loading: "Recherche…",
    pageOf: "Page {page} sur {pages}",
    activeFilters: "Filtres actifs",
    removeFilter: "Retirer le filtre {filter}",
    clearAll: "Tout effacer",
    filterAmountMin: "≥ {min}",
    filterAmountMax: "≤ {max}",
    filterDateFrom: "depuis le {from}",
    filterDateTo: "jusqu’au {to}",
    chipCompany: "Filtrer sur l’entreprise {name}",
    chipAgency: "Filtrer sur l’agence {name}",
    chipCompanyOff: "Retirer le filtre entreprise {name}",
    chipAgencyOff: "Retirer le filtre agence {name}",
    amountTitle: "Montants cités : {list}",
    langBadge: "Langue : {lang}",
    fullText: "Texte intégral récupéré",
    fullTextTitle: "Le flux ne donnait qu'un résumé : le texte cherché vient de la page d'origine",
    opensNewTab: "(s’ouvre dans un nouvel onglet)",
    noResults: "Aucun article ne correspond à « {q} ».",
    noResultsAll: "Aucun article ne correspond à ces filtres.",
    noResultsHint: "Essayez moins de mots, une autre orthographe, ou retirez un filtre :",
    noResultsEmptyIndex: "Rien pour l’instant : l’index est vide tant qu’aucun flux n’a été relevé ou importé.",
    fuzzyNote: "Aucun résultat exact pour « {q} ». Voici des résultats proches.",
    didYouMean: "Vouliez-vous dire",
    alsoSearched: "Également recherché :",
    alsoReported: "Également dans :",
    articlesCount_one: "{n} article",
    articlesCount_other: "{n} articles",
    listSep: ", ",
    xlangOff: "ne chercher que les mots tapés",
    xlangOffNote: "Recherche des seuls mots tapés, sans traduction.",
    xlangOn: "chercher aussi les traductions",
    pageBeyond: "Il n’y a pas de page {page} pour cette recherche.",
    backToFirst: "Revenir à la première page",
    errorTitle: "La recherche a échoué",
    errorNetwork: "Le serveur est injoignable. Vérifiez votre connexion et réessayez.",
    errorBadQuery: "La requête n’a pas pu être comprise : {message}",
    errorHTTP: "Le serveur a répondu {status} : {message}",
    retry: "Réessayer",
    pagination: "Pages de résultats",
    prev: "Précédente",
    next: "Suivante",
    prevLabel: "Page précédente",
    nextLabel: "Page suivante",
    pageLabel: "Page {page}",
    follow: "Suivre cette recherche",
    atom: "Flux Atom",
    atomLabel: "Flux Atom de cette recherche",
    alertOpen: "Créer une alerte",
    alertLegend: "Recevoir une alerte quand de nouveaux articles correspondent à cette recherche",
    alertEmail: "Adresse e-mail",
    alertFrequency: "Fréquence",
    freq_instant: "Dès leur parution",
    freq_daily: "Résumé quotidien",
    freq_weekly: "Résumé hebdomadaire",
    alertSubmit: "Créer l’alerte",
    alertSending: "Création de l’alerte…",
    alertSearch: "Recherche : {search}",
    alertEverything: "tout nouvel article",
    alertDatesIgnored: "Le filtre de période ne s’applique pas aux alertes, qui portent sur les nouveaux articles.",
    alertPending: "Presque fini : un lien de confirmation a été envoyé à {email}. L’alerte démarre dès que vous cliquez dessus.",
    alertNoMail: "Les alertes e-mail ne sont pas disponibles sur ce serveur : l’envoi de courriels n’est pas configuré. Le flux Atom offre la même recherche dans n’importe quel lecteur de flux.",
    alertError: "L’alerte n’a pas pu être créée : {message}",
    alertChannel: "Recevoir par",
    channel_email: "E-mail",
    channel_webhook: "Webhook",
    webhookURL: "Adresse du webhook",
    webhookFormat: "Format",
    format_json: "JSON (générique, signé)",
    webhookHint: "Le lien de confirmation part toujours à votre adresse e-mail ; les résultats iront ensuite au webhook.",
    backtestLoading: "Vérification de ce que cette recherche a trouvé ces 30 derniers jours…",
    backtest: "Sur les {days} derniers jours, cette recherche a trouvé {articles}, soit environ {emails} à cette fréquence.",
    backtestStories: "Sur les {days} derniers jours, cette recherche a trouvé {articles} ({stories}), soit environ {emails} à cette fréquence.",
    storiesCount_one: "{n} sujet",
    storiesCount_other: "{n} sujets",
    emailsCount_one: "{n} e-mail",
    emailsCount_other: "{n} e-mails",
    webhookCalls_one: "{n} appel du webhook",
    webhookCalls_other: "{n} appels du webhook",
    verdict_none: "Rien trouvé en {days} jours : cette alerte risque de rester muette. Élargir la recherche\u202f?",
    verdict_quiet: "Quelques résultats par mois.",
    verdict_broad: "Environ {n} par jour : plus qu’on ne peut en lire. Affiner la recherche\u202f?",
    backtestChart: "Résultats par jour sur les {days} derniers jours : {total} au total, dont {peak} le {peakDay}, le jour le plus chargé.",
    backtestChartNone: "Résultats par jour sur les {days} derniers jours : aucun.",
    backtestBar: "{date} : {n}",
    backtestLatest: "Derniers résultats :",
    backtestFailed: "Impossible de vérifier ce que cette recherche a trouvé récemment : {message}",
    secretLabel: "Secret du webhook",
    secretHelp: "Chaque appel du webhook porte un en-tête X-Vigie-Signature : un HMAC-SHA256 de son horodatage et de son corps, calculé avec cette clé. Confiez-la au service destinataire pour qu’il vérifie que les appels viennent bien de Vigie. Elle n’est affichée qu’une fois : copiez-la maintenant.",
    copy: "Copier",
    copyLabel: "Copier le secret du webhook",
    copied: "Copié.",
    copyFailed: "Copie impossible : sélectionnez la clé et copiez-la à la main.",
    feedsTitle: "État des flux — Vigie",
    feedsHeading: "État des flux",
    feedsIntro: "Tous les flux que Vigie relève, avec le résultat de leur dernier relevé.",
    feedsSummary: "{total} flux : {ok} en bon état, {failing} en échec, {never} jamais relevés",
    feedsLoading: "Chargement des flux…",
    feedsEmpty: "Aucun flux n’est configuré.",
    feedsError: "La liste des flux n’a pas pu être chargée : {message}",
    feedsCaption: "Flux, ceux en échec d’abord",
    colFeed: "Flux",
    colStatus: "État",
    colLastFetch: "Dernier relevé",
    colNextPoll: "Prochain relevé",
    colItems: "Articles",
    colError: "Dernière erreur",
    status_ok: "OK",
    status_failing: "En échec",
    status_never: "Jamais relevé",
    failures_one: "{n} échec de suite",
    failures_other: "{n} échecs de suite",
    lastSuccess: "dernier succès {time}",
    itemsTitle: "{last} au dernier relevé, {total} nouveaux au total",
    pagesSummary: "Texte intégral : {fetched} pages récupérées, {failed} échecs",
    pagesLastError: " — dernier échec : {error}",
    pagesNever: "Texte intégral : désactivé (fulltext: never)",
    never: "jamais",
    dash: "—",
    refresh: "Actualiser",
    updatedAt: "Mis à jour {time}",
    footer: "Vigie indexe des flux d’actualité publics. Les articles appartiennent à leurs éditeurs.",
  },
};

// detectLang picks the interface language: a saved choice, else the first
// supported language among the browser's preferences, else English.
export function detectLang(storage = safeStorage(), languages = navigator.languages || [navigator.language]) {
  const saved = storage && storage.getItem(STORAGE_KEY);
  if (LANGS.includes(saved)) {
    return saved;
  }
  for (const l of languages) {
    const base = String(l || "").toLowerCase().split("-")[0];
    if (LANGS.includes(base)) {
      return base;
    }
  }
  return "en";
}

// saveLang remembers an explicit choice.
export function saveLang(lang, storage = safeStorage()) {
  if (storage && LANGS.includes(lang)) {
    storage.setItem(STORAGE_KEY, lang);
  }
}

// localStorage throws in some privacy modes; the page then simply forgets.
function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// t returns the message key in lang with {placeholders} filled.
export function t(lang, key, params = {}) {
  const table = MESSAGES[lang] || MESSAGES.en;
  const msg = table[key] ?? MESSAGES.en[key] ?? key;
  return msg.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// tp is t for a message that depends on a count: key_one or key_other.
// params.n is the count; params.nText, when given, is shown instead of it
// (a localised number).
export function tp(lang, key, n, params = {}) {
  const cat = new Intl.PluralRules(lang).select(n) === "one" ? "one" : "other";
  return t(lang, `${key}_${cat}`, { ...params, n: params.nText ?? n });
}

// hasKey reports whether a message exists (for values such as languages
// that may have no translation).
export function hasKey(key) {
  return key in MESSAGES.en;
}

// applyStatic fills the static parts of a page: elements with
// data-i18n="key" get the text, data-i18n-attr="attr:key;attr:key" get
// attributes. It also sets <html lang> and the document title.
export function applyStatic(root, lang) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(lang, el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr.trim(), t(lang, key.trim()));
    }
  }
  for (const btn of root.querySelectorAll("[data-ui-lang]")) {
    btn.setAttribute("aria-pressed", String(btn.dataset.uiLang === lang));
  }
}
