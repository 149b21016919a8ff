package entity_test

import (
	"fmt"

	"vigie/indexer/entity"
)

func ExampleGazetteer_Match() {
	g := entity.Default()
	companies, agencies := g.Match("Le Pentagone a attribué à OpenAI un contrat ; l’Agence de l’innovation de défense (AID) suit Helsing.")
	fmt.Println(companies)
	fmt.Println(agencies)
	// Output:
	// [OpenAI Helsing]
	// [DoD AID]
}

func ExampleGazetteer_Find() {
	for _, m := range entity.Default().Find("Anthropic's deal with the U.S. Army, not with l'OTAN.") {
		fmt.Printf("%s %s %q [%d:%d]\n", m.Kind, m.Name, m.Text, m.Start, m.End)
	}
	// Output:
	// company Anthropic "Anthropic" [0:9]
	// agency US Army "U.S. Army" [26:35]
	// agency NATO "OTAN" [48:52]
}
