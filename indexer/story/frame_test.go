package story

import (
	"testing"
	"time"
)

func TestDetectFrame(t *testing.T) {
	for _, tc := range []struct {
		title, text string
		want        frame
		conf        float64
	}{
		// Awards, orders, selections.
		{"Army awards Palantir $480 million for Maven Smart System prototype", "", frameAward, titleFrame},
		{"OpenAI opens a Washington office to work with defense agencies", "", framePresence, titleFrame},
		{"Palantir s'installe à Paris pour séduire les industriels", "", framePresence, titleFrame},
		{"Anthropic ouvre un bureau à Paris", "", framePresence, titleFrame},
		{"L'US Army attribue à Palantir un contrat de 480 millions de dollars", "", frameAward, titleFrame},
		{"Naval Group remporte le contrat néerlandais face à Saab et TKMS", "", frameAward, titleFrame},
		{"NGAD : Boeing l'emporte face à Lockheed Martin", "", frameAward, titleFrame},
		{"La DGA commande à Thales de nouveaux radars Ground Fire 300", "", frameAward, titleFrame},
		{"Pentagon raises Maven contract ceiling to $1.3 billion", "", frameAward, titleFrame},
		// Purchases and deals, which may be awards or takeovers.
		{"L'OTAN achète pour 100 millions de dollars de logiciels Palantir", "", framePurchase, titleFrame},
		{"NATO signs $100 million deal with Palantir", "", frameDeal, titleFrame},
		// Funding rounds and takeovers.
		{"Helsing raises €600 million to build AI drones and aircraft", "", frameFunding, titleFrame},
		{"Shield AI lève 240 millions de dollars et vaut 5,3 milliards", "", frameFunding, titleFrame},
		{"Startup secures $694 million round", "", frameFunding, titleFrame},
		{"Helsing rachète Grob Aircraft pour produire ses propres drones", "", frameAcquisition, titleFrame},
		{"Airbus, Thales and Leonardo agree to merge space businesses", "", frameAcquisition, titleFrame},
		// Deliveries, tests, production.
		{"French Navy takes delivery of first FDI frigate", "", frameDelivery, titleFrame},
		{"Ukraine : un deuxième système SAMP/T franco-italien est opérationnel", "", frameDelivery, titleFrame},
		{"Premier vol d'essai pour le drone de combat", "", frameTest, titleFrame},
		{"Army and Navy Continue Tests of Hypersonic Missile", "", frameTest, titleFrame},
		{"Rheinmetall signs deal to build artillery shell plant in Lithuania", "", frameProduction, titleFrame},
		{"Dassault Aviation va faire fabriquer des fuselages de Rafale en Inde", "", frameProduction, titleFrame},
		// Reactions: protests, lawsuits, parliaments.
		{"Lockheed won't protest F-47 loss", "", frameDispute, titleFrame},
		{"Dutch lawmakers demand answers on submarine award", "", frameDispute, titleFrame},
		{"Le Parlement exige des explications, Damen menace d'un recours", "", frameDispute, titleFrame},
		// Opinion, with a label or arguing.
		{"TRIBUNE. SCAF : après le F-47, l'Europe doit cesser de tergiverser", "", frameOpinion, titleFrame},
		{"Opinion: the Pentagon should buy AI like ammunition", "", frameOpinion, titleFrame},
		{"Europe needs its own Maven, not a license to someone else's", "", frameOpinion, titleFrame},
		{"Point de vue. Pourquoi la LPM ne suffira pas", "", frameOpinion, titleFrame},
		// Results, people, policy.
		{"Thales relève ses prévisions de prises de commandes", "", frameFinancials, titleFrame},
		{"Lockheed Martin Reports Third Quarter 2025 Financial Results", "", frameFinancials, titleFrame},
		{"DIU director steps down after less than a year", "", framePersonnel, titleFrame},
		{"Le directeur de la Defense Innovation Unit quitte ses fonctions", "", framePersonnel, titleFrame},
		{"NATO updates its artificial intelligence strategy", "", framePolicy, titleFrame},
		{"Pentagon AI office seeks bigger budget", "", framePolicy, titleFrame},
		// The lead sentence when the title has no cue, its main clause
		// only, and not the cues of titles.
		{"Second SAMP/T battery now defending Ukrainian skies", "Ukraine said on Thursday that a second SAMP/T battery is now on combat duty.", frameDelivery, leadFrame},
		{"xAI launches Grok for Government", "WASHINGTON, July 14 (Reuters) - The CDAO has awarded xAI a contract worth up to $200 million.", frameAward, leadFrame},
		{"AMIAD to run Mistral models on its supercomputer", "The agency said it will deploy the models, two days after the company announced a funding round.", frameNone, 0},
		{"Google DeepMind drops pledge", "Google DeepMind said democracies should lead AI development.", frameNone, 0},
		// Unknown.
		{"Thales launches cortAIx accelerator with 600 AI experts", "", frameNone, 0},
		{"Solar Spore : une fleur dans l'espace", "Un projet de station spatiale nommée Solar Spore.", frameNone, 0},
		{"", "", frameNone, 0},
	} {
		f, conf := detectFrame(tc.title, tc.text)
		if f != tc.want || conf != tc.conf {
			t.Errorf("detectFrame(%q) = %v %.1f, want %v %.1f", tc.title, f, conf, tc.want, tc.conf)
		}
	}
}

func TestFrameCompatible(t *testing.T) {
	for _, tc := range []struct {
		a, b frame
		want bool
	}{
		{frameNone, frameDispute, true},
		{frameAward, frameAward, true},
		{frameAward, framePurchase, true},
		{frameDeal, frameAward, true},
		{framePurchase, frameAcquisition, true},
		{frameDeal, frameFunding, true},
		{frameAward, frameDispute, false},
		{frameAward, frameDelivery, false},
		{frameAward, frameAcquisition, false},
		{frameFunding, framePurchase, false},
		{frameOpinion, frameAward, false},
		{frameProduction, frameDeal, false},
	} {
		if got := compatible(tc.a, tc.b); got != tc.want || compatible(tc.b, tc.a) != tc.want {
			t.Errorf("compatible(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestStoryFrameGuard checks that a report with no frame does not bridge
// a report of another kind of event into a story: the protest copies an
// article of the award story whose headline has no cue, but clashes with
// the award itself.
func TestStoryFrameGuard(t *testing.T) {
	at := time.Date(2025, 3, 21, 12, 0, 0, 0, time.UTC).Unix()
	award := &Signature{ID: "award", Story: "award", Lang: "en", Published: at, frame: frameAward, frameConf: titleFrame}
	plain := &Signature{ID: "plain", Story: "award", Lang: "en", Published: at + 60, Sim: 0xfeedface}
	protest := &Signature{ID: "protest", Lang: "en", Published: at + 120, Sim: 0xfeedface, frame: frameDispute, frameConf: titleFrame}
	other := &Signature{ID: "other", Lang: "en", Published: at + 120, Sim: 0xfeedface}
	c := New(Config{})
	for _, s := range []*Signature{award, plain} {
		if err := c.addLocked(s, nil); err != nil {
			t.Fatal(err)
		}
	}
	if s := Score(protest, plain); s < DefaultThreshold {
		t.Fatalf("the near-duplicate scores %.2f, under the threshold", s)
	}
	if best, s, _ := c.bestLocked(protest, nil); best != nil {
		t.Errorf("the protest joins story %s (%.2f) through a member with no frame", best.Story, s)
	}
	if best, _, _ := c.bestLocked(other, nil); best == nil || best.Story != "award" {
		t.Errorf("a report with no frame does not join the story: %v", best)
	}
}

func BenchmarkDetectFrame(b *testing.B) {
	title := "Dutch lawmakers demand answers on submarine award as Damen weighs legal action"
	text := "AMSTERDAM, March 19 (Reuters) - Dutch lawmakers on Tuesday called on the government to explain its choice."
	for b.Loop() {
		detectFrame(title, text)
	}
}
