package alert

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie/indexer"
	"vigie/indexer/enrich"
	"vigie/indexer/index"
	"vigie/indexer/normalize"
	"vigie/indexer/store"
	"vigie/search"
)

// The matching workload: generated defense-AI news in English and French
// naming real companies, agencies and amounts (enriched by the real
// enricher), and saved searches of the kinds analysts write.

var (
	genCompanies = []string{"OpenAI", "Anthropic", "Palantir", "Anduril", "Google DeepMind", "Lockheed Martin", "Thales",
		"Mistral AI", "Shield AI", "Scale AI", "Microsoft", "Northrop Grumman", "Raytheon", "General Dynamics",
		"L3Harris", "Helsing", "Safran", "Airbus", "Dassault Aviation", "Leidos", "Booz Allen Hamilton", "BAE Systems",
		"Skydio", "Saronic", "Epirus", "Kratos", "AeroVironment", "General Atomics", "Boeing", "Rheinmetall", "Saab",
		"Leonardo", "Naval Group", "MBDA", "Capgemini", "Nvidia", "Amazon", "Oracle", "IBM", "Rocket Lab", "Maxar",
		"Applied Intuition", "Vannevar Labs", "C3 AI", "BigBear.ai", "Quantum Systems", "Tekever", "Exail", "Comand AI", "Parrot"}
	genAgenciesEN = []string{"the Pentagon", "the Department of Defense", "the CDAO", "DARPA", "the Defense Innovation Unit",
		"NATO", "the U.S. Army", "the Air Force", "the Navy", "Space Force", "the Missile Defense Agency", "the Marine Corps",
		"the Space Development Agency", "the National Geospatial-Intelligence Agency", "the Army Contracting Command",
		"the Office of Naval Research", "the Air Force Research Laboratory", "U.S. Special Operations Command"}
	genAgenciesFR = []string{"la DGA", "le ministère des Armées", "l'OTAN", "l'Agence ministérielle pour l'IA de défense",
		"l'armée de Terre", "la Marine nationale", "le Pentagone", "l'Agence de l'innovation de défense",
		"l'armée de l'Air et de l'Espace", "le Commandement de l'espace", "la DGSE", "le Service de santé des armées"}
	genTopicsEN = []string{"drone swarm", "counter-drone system", "large language model", "targeting software", "predictive maintenance",
		"satellite imagery analysis", "cyber defense platform", "autonomous submarine", "hypersonic missile tracking",
		"battlefield cloud", "logistics planning tool", "electronic warfare pod", "radar upgrade", "training simulator",
		"loitering munition", "quantum sensing", "biometric identification system", "space domain awareness", "wargaming engine",
		"digital twin of a frigate", "air defense battery", "secure 5G network", "night vision goggles", "unmanned surface vessel",
		"computer vision model", "signals intelligence suite", "supply chain analytics", "medical triage assistant",
		"translation software", "mine countermeasures", "autonomous convoy", "jamming-resistant GPS receiver",
		"laser weapon", "border surveillance tower", "acoustic detection network", "recruiting chatbot"}
	genTopicsFR = []string{"essaim de drones", "système anti-drones", "grand modèle de langage", "logiciel de ciblage",
		"maintenance prédictive", "analyse d'images satellites", "plateforme de cyberdéfense", "drone sous-marin autonome",
		"cloud de combat", "outil de planification logistique", "simulateur d'entraînement", "radar de nouvelle génération",
		"munition rôdeuse", "capteur quantique", "système de surveillance des frontières", "jumeau numérique d'une frégate",
		"batterie de défense aérienne", "réseau 5G sécurisé", "drone de surface", "modèle de vision par ordinateur",
		"suite de renseignement électromagnétique", "assistant de traduction", "lutte contre les mines", "arme laser",
		"convoi autonome", "outil de wargaming"}
	genAmountsEN = []string{"$200 million", "$9.8 billion", "$54.2 million", "US$1.5bn", "$480,000", "£2.3 billion", "$12 million", "$750M", "$3.1 million", "$95 million"}
	genAmountsFR = []string{"200 millions de dollars", "1,5 milliard d'euros", "480 000 dollars", "35 millions d'euros", "2 milliards d'euros", "12 M€", "4,2 millions d'euros"}
	genVerbsEN   = []string{"awarded a contract for", "will deliver", "unveiled", "is testing", "signed an agreement on", "demonstrated", "will evaluate", "ordered", "canceled", "expanded"}
	genVerbsFR   = []string{"a attribué un contrat pour", "livrera", "a présenté", "teste", "a signé un accord sur", "a démontré", "évaluera", "a commandé", "prolonge"}
	genFillerEN  = []string{"Officials said the work would take two years.", "The program is part of a wider push to field new technology faster.",
		"Critics questioned the cost and the oversight of the effort.", "The company declined to comment on the details.",
		"Testing is scheduled to begin next spring at a range in Nevada.", "Lawmakers have asked for a briefing on the results.",
		"The announcement follows months of negotiations.", "Shares rose 3% in early trading after the news.",
		"The service plans a competition for the follow-on phase.", "Analysts expect more awards of this kind this year.",
		"The prototype will be shown at a trade show in the fall.", "Allies in Europe and Asia are watching the program closely.",
		"A spokesperson said safety reviews are built into every stage.", "The budget request includes money for a second phase."}
	genFillerFR = []string{"Les travaux doivent durer deux ans, selon le ministère.", "Le programme s'inscrit dans un effort plus large d'accélération.",
		"Des parlementaires ont demandé des précisions sur le coût.", "L'entreprise n'a pas souhaité commenter.",
		"Les essais commenceront au printemps sur un site militaire.", "Le calendrier reste serré, reconnaît un responsable.",
		"L'annonce intervient après plusieurs mois de négociations.", "Le titre a progressé de 3 % à la Bourse de Paris.",
		"Une seconde tranche pourrait être notifiée l'an prochain.", "Les alliés européens suivent le dossier de près."}
	// genWords are the words of generated alerts: a few common ones and
	// many narrower ones, as real saved searches are.
	genWords = []string{"drone", "drones", "contract", "contrat", "AI", "swarm", "hypersonic", "satellite", "cyber", "missile",
		"radar", "autonomous", "cloud", "logistics", "maintenance", "simulator", "targeting", "submarine", "essaim", "ciblage",
		"loitering", "quantum", "biometric", "wargaming", "frigate", "5G", "goggles", "vessel", "vision", "intelligence",
		"translation", "mines", "convoy", "GPS", "laser", "surveillance", "acoustic", "chatbot", "quantique", "frontières",
		"laser", "munition", "jamming", "triage", "canceled", "prototype", "budget", "Nevada", "Okinawa", "Europe"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// zipf picks from xs with a long tail: the first items (news of the day,
// big companies) often, the last rarely, as in a real news stream.
type zipf struct{ z *rand.Zipf }

func newZipf(r *rand.Rand, n int) zipf { return zipf{rand.NewZipf(r, 1.2, 2, uint64(n-1))} }

func (z zipf) pick(xs []string) string { return xs[int(z.z.Uint64())%len(xs)] }

// Neutral sentence parts: they make the text long and varied without
// using the alerts' words.
var (
	genWhoEN  = []string{"A spokesperson", "The program office", "An industry executive", "A senior official", "The ministry", "An analyst at a think tank", "The prime contractor", "A congressional aide", "The test director", "A former commander"}
	genWhenEN = []string{"on Monday", "on Tuesday", "this week", "in a statement", "at a conference in Washington", "in an interview", "during a briefing", "last month"}
	genWhatEN = []string{"the schedule was on track", "more details would follow later", "the partners had met every milestone", "the next review is planned for the autumn", "several bidders had expressed interest", "the first deliveries were expected soon", "the effort had support from both parties", "costs had risen less than feared", "the teams had worked through the holidays", "the requirements were still being refined", "a decision on the next phase was due", "the results would be shared with allies"}
	genWhoFR  = []string{"Un porte-parole", "Le bureau de programme", "Un industriel", "Un haut responsable", "Le ministère", "Un chercheur", "Le maître d'œuvre", "Un député", "Le directeur des essais"}
	genWhenFR = []string{"lundi", "mardi", "cette semaine", "dans un communiqué", "lors d'un salon à Paris", "dans un entretien", "au cours d'un point presse"}
	genWhatFR = []string{"le calendrier était tenu", "d'autres précisions suivraient", "les partenaires avaient tenu chaque jalon", "la prochaine revue aurait lieu à l'automne", "plusieurs industriels étaient intéressés", "les premières livraisons approchaient", "le projet faisait consensus", "les coûts restaient maîtrisés", "la décision sur la suite était attendue"}
)

// genArticles returns n enriched articles, a third of them in French: a
// headline naming a company, a topic and an agency, then a body where a few
// sentences name more topics, companies and amounts among neutral ones.
func genArticles(n int, seed uint64) []*indexer.Article {
	r := rand.New(rand.NewPCG(seed, 1))
	topicsEN, topicsFR, companies := newZipf(r, len(genTopicsEN)), newZipf(r, len(genTopicsFR)), newZipf(r, len(genCompanies))
	en := enrich.New(nil, nil)
	start := time.Date(2025, 6, 17, 0, 0, 0, 0, time.UTC)
	out := make([]*indexer.Article, n)
	for i := range out {
		fr := i%3 == 2
		var title string
		var sentences []string
		if fr {
			title = fmt.Sprintf("%s %s %s pour %s", companies.pick(genCompanies), pick(r, genVerbsFR), topicsFR.pick(genTopicsFR), pick(r, genAgenciesFR))
			for range 4 + r.IntN(10) {
				switch k := r.IntN(20); {
				case k < 3:
					agency := pick(r, genAgenciesFR)
					sentences = append(sentences, fmt.Sprintf("%s%s %s un %s d'un montant de %s.", strings.ToUpper(agency[:1]), agency[1:], pick(r, genVerbsFR), topicsFR.pick(genTopicsFR), pick(r, genAmountsFR)))
				case k < 5:
					sentences = append(sentences, fmt.Sprintf("%s travaille aussi avec %s.", companies.pick(genCompanies), companies.pick(genCompanies)))
				case k < 6:
					sentences = append(sentences, pick(r, genFillerFR))
				default:
					sentences = append(sentences, fmt.Sprintf("%s a indiqué %s que %s.", pick(r, genWhoFR), pick(r, genWhenFR), pick(r, genWhatFR)))
				}
			}
		} else {
			title = fmt.Sprintf("%s %s %s for %s", companies.pick(genCompanies), pick(r, genVerbsEN), topicsEN.pick(genTopicsEN), pick(r, genAgenciesEN))
			for range 4 + r.IntN(10) {
				switch k := r.IntN(20); {
				case k < 3:
					agency := pick(r, genAgenciesEN)
					sentences = append(sentences, fmt.Sprintf("%s%s %s a %s worth %s.", strings.ToUpper(agency[:1]), agency[1:], pick(r, genVerbsEN), topicsEN.pick(genTopicsEN), pick(r, genAmountsEN)))
				case k < 5:
					sentences = append(sentences, fmt.Sprintf("%s is also working with %s.", companies.pick(genCompanies), companies.pick(genCompanies)))
				case k < 6:
					sentences = append(sentences, pick(r, genFillerEN))
				default:
					sentences = append(sentences, fmt.Sprintf("%s said %s that %s.", pick(r, genWhoEN), pick(r, genWhenEN), pick(r, genWhatEN)))
				}
			}
		}
		text := strings.Join(sentences, " ")
		a := &indexer.Article{
			ID: fmt.Sprintf("art-%05d-%d", i, seed), URL: fmt.Sprintf("https://news.example/%d/%d", seed, i),
			FeedURL: "https://news.example/feed", Source: []string{"Defense Wire", "Mirror News", "Le Fil Défense"}[i%3],
			Title: title, Text: text, Published: start.Add(time.Duration(i) * time.Minute), DateKnown: true,
			FirstSeen: start,
		}
		a.Enrichment = en.Enrich(title, text, map[bool]string{true: "fr", false: "en"}[fr])
		a.Fingerprint = normalize.Fingerprint(title, text)
		a.ContentHash = indexer.HashContent(a)
		out[i] = a
	}
	return out
}

// genRequests returns n saved searches of varied kinds.
func genRequests(n int, seed uint64) []search.Request {
	r := rand.New(rand.NewPCG(seed, 2))
	agencies := []string{"DoD", "CDAO", "DARPA", "DIU", "NATO", "DGA", "US Army", "US Air Force", "US Navy"}
	out := make([]search.Request, n)
	for i := range out {
		var req search.Request
		switch k := r.IntN(20); {
		case k < 7:
			req.Q = pick(r, genWords)
		case k < 9:
			req.Q = pick(r, genWords) + " " + pick(r, genWords)
		case k < 10:
			req.Q = `"` + pick(r, genTopicsEN) + `"`
		case k < 11:
			req.Q = pick(r, genWords) + " OR " + pick(r, genWords)
		case k < 12:
			req.Q = pick(r, genWords) + " -" + pick(r, genWords)
		case k < 15:
			req.Companies = []string{pick(r, genCompanies)}
			if r.IntN(2) == 0 {
				req.Q = pick(r, genWords)
			}
		case k < 17:
			req.Agencies = []string{pick(r, agencies)}
			if r.IntN(2) == 0 {
				req.Companies = []string{pick(r, genCompanies)}
			}
		case k < 19:
			req.AmountMin = []float64{1e6, 1e7, 1e8, 1e9}[r.IntN(4)]
			if r.IntN(2) == 0 {
				req.Q = pick(r, genWords)
			} else {
				req.Companies = []string{pick(r, genCompanies)}
			}
		default:
			req.Langs = []string{pick(r, []string{"fr", "en"})}
			req.Q = pick(r, genWords)
		}
		if err := req.Validate(); err != nil {
			panic(err)
		}
		out[i] = req
	}
	return out
}

// matchFixture is a store holding articles and active alerts, and a
// Service over it (no mail transport needed to match).
type matchFixture struct {
	st     *store.Store
	svc    *Service
	alerts []*Alert
	arts   []*indexer.Article
}

func newMatchFixture(tb testing.TB, nAlerts, nArticles int) *matchFixture {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.Open(filepath.Join(dir, "vigie.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	arts := genArticles(nArticles, 7)
	if _, err := st.PutArticles(arts); err != nil {
		tb.Fatal(err)
	}
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	if _, _, err := idx.Sync(context.Background(), st, nil); err != nil {
		tb.Fatal(err)
	}
	sr, err := search.New(idx, st)
	if err != nil {
		tb.Fatal(err)
	}
	svc, err := New(Config{Store: st, Searcher: sr, DataDir: dir, BaseURL: "https://vigie.example",
		Logger: discardSlog(), Now: func() time.Time { return tuesday17 }})
	if err != nil {
		tb.Fatal(err)
	}
	reqs := genRequests(nAlerts, 11)
	alerts := make([]*Alert, nAlerts)
	err = st.DB().Update(func(tx *bolt.Tx) error {
		for i, req := range reqs {
			alerts[i] = &Alert{ID: fmt.Sprintf("%024x", i+1), Email: fmt.Sprintf("user%d@example.org", i), State: StateActive,
				Frequency: []string{Instant, Daily, Weekly}[i%3], Locale: "en", Request: req, CreatedAt: tuesday17}
			if err := putAlert(tx, alerts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return &matchFixture{st: st, svc: svc, alerts: alerts, arts: arts}
}

// BenchmarkMatch is the core of a matching pass: index 1,000 new articles
// in memory and run every alert's search over them.
//
//	go test ./search/alert -run '^$' -bench Match -benchtime 5x
func BenchmarkMatch(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("alerts=%d/articles=1000", n), func(b *testing.B) {
			f := newMatchFixture(b, n, 1000)
			ctx := context.Background()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := f.svc.matchArticles(ctx, f.alerts, 0, 0, f.arts); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkMatchPass is a whole pass as OnIndexed runs it: load the
// alerts and the new articles from the store, match, and commit the
// outbox, digest queues, dedup sets and watermark in one transaction.
func BenchmarkMatchPass(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("alerts=%d/articles=1000", n), func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				f := newMatchFixture(b, n, 1000)
				start := cpuTime()
				b.StartTimer()
				if err := f.svc.matchUpTo(context.Background(), f.st.LastSeq()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime() - start
				b.StartTimer()
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// TestMatchAtScale runs a full pass of 1,000 generated alerts over 1,000
// new articles, checks that the in-memory matcher agrees with the same
// searches on the main index, and logs the time.
func TestMatchAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 1,000 articles and 1,000 alerts")
	}
	f := newMatchFixture(t, 1000, 1000)
	ctx := context.Background()
	start := time.Now()
	results, err := f.svc.matchArticles(ctx, f.alerts, 0, 0, f.arts)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	var counts []int
	for _, a := range f.alerts {
		r := results[a.ID]
		counts = append(counts, len(r.hits)+r.more)
	}
	slices.Sort(counts)
	sum := 0
	for _, c := range counts {
		sum += c
	}
	t.Logf("matched 1,000 alerts against 1,000 articles in %v: %d alerts matched; articles per alert: median %d, p90 %d, max %d, mean %.1f",
		took, len(results), counts[len(counts)/2], counts[len(counts)*9/10], counts[len(counts)-1], float64(sum)/float64(len(counts)))
	if len(results) < 300 || len(results) == len(f.alerts) {
		t.Errorf("%d of %d alerts matched: the workload is not varied enough", len(results), len(f.alerts))
	}

	// Every alert's matches equal the same search on the main index.
	for _, a := range f.alerts {
		req := a.Request
		req.Size, req.NoFacets, req.NoFuzzy = f.svc.cfg.Limits.MaxHitsPerEmail, true, true
		resp, err := f.svc.searcher.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got := results[a.ID]
		if total := len(got.hits) + got.more; uint64(total) != resp.Total {
			t.Errorf("alert %s %+v: matcher found %d, main index %d", a.ID, a.Request, total, resp.Total)
		}
	}

	// The whole pass, committed.
	start = time.Now()
	if err := f.svc.matchUpTo(ctx, f.st.LastSeq()); err != nil {
		t.Fatal(err)
	}
	pairs := 0
	f.st.DB().View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSent).ForEachBucket(func(k []byte) error {
			pairs += tx.Bucket(bucketSent).Bucket(k).Stats().KeyN
			return nil
		})
	})
	var size int64
	f.st.DB().View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	t.Logf("full pass with commit: %v; %d dedup keys; store %d MB", time.Since(start), pairs, size>>20)
	var queued, outbox int
	f.st.DB().View(func(tx *bolt.Tx) error {
		outbox = tx.Bucket(bucketOutbox).Stats().KeyN
		queued = tx.Bucket(bucketQueue).Stats().BucketN - 1
		return nil
	})
	if outbox == 0 || queued == 0 {
		t.Errorf("outbox %d, digest queues %d: want both used", outbox, queued)
	}
	// A second pass over the same range finds nothing new.
	if err := f.svc.matchUpTo(ctx, f.st.LastSeq()); err != nil {
		t.Fatal(err)
	}
	var outbox2 int
	f.st.DB().View(func(tx *bolt.Tx) error { outbox2 = tx.Bucket(bucketOutbox).Stats().KeyN; return nil })
	if outbox2 != outbox {
		t.Errorf("second pass added %d e-mails", outbox2-outbox)
	}
}

// cpuTime is the CPU time (user + system) the process used so far. The
// benchmarks report it beside wall time: on a shared machine it says what
// the work costs whatever else runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric((cpuTime()-since).Seconds()/float64(b.N), "cpu-s/op")
}
