package amount

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"

	"gopkg.in/yaml.v3"
)

// Rates maps ISO 4217 codes to US dollars per one unit of the currency;
// "USD" is 1.
type Rates map[string]float64

// ErrInvalidRates is wrapped by every LoadRates validation error.
var ErrInvalidRates = errors.New("amount: invalid rates")

//go:embed rates.yaml
var defaultRatesYAML []byte

// ratesFile is the YAML shape of rates.yaml and of --rates files.
type ratesFile struct {
	AsOf   string             `yaml:"as_of"`
	Source string             `yaml:"source"`
	Rates  map[string]float64 `yaml:"rates"`
}

var defaultRates = sync.OnceValue(func() Rates {
	r, err := LoadRates(bytes.NewReader(defaultRatesYAML))
	if err != nil {
		panic(fmt.Sprintf("amount: embedded rates.yaml: %v", err)) // caught by tests
	}
	return r
})

// DefaultRates returns a copy of the embedded table (ECB reference rates of
// 28 February 2025; see rates.yaml for the source and method).
func DefaultRates() Rates { return defaultRates().clone() }

// LoadRates reads a rate table in the rates.yaml shape:
//
//	as_of: 2025-02-28      # optional, informative
//	source: ...            # optional, informative
//	rates:
//	  EUR: 1.0411          # USD per one euro
//	  GBP: 1.26029
//
// Codes must be three upper-case letters and rates positive and finite;
// USD, if given, must be 1 (it is added when missing). Currencies absent
// from the table have no rate: their amounts are still found, with USD 0.
func LoadRates(r io.Reader) (Rates, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f ratesFile
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty file", ErrInvalidRates)
		}
		return nil, fmt.Errorf("%w: %w", ErrInvalidRates, err)
	}
	if len(f.Rates) == 0 {
		return nil, fmt.Errorf("%w: no rates (expected a \"rates:\" mapping of currency codes to USD per unit)", ErrInvalidRates)
	}
	var errs []error
	for _, code := range slices.Sorted(maps.Keys(f.Rates)) {
		if err := checkRate(code, f.Rates[code]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidRates, errors.Join(errs...))
	}
	rates := Rates(f.Rates)
	rates["USD"] = 1
	return rates, nil
}

func checkRate(code string, v float64) error {
	if !isCurrencyCode(code) {
		return fmt.Errorf("%q is not an ISO 4217 code (three upper-case letters)", code)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return fmt.Errorf("%s: rate %v is not a positive number", code, v)
	}
	if code == "USD" && v != 1 {
		return fmt.Errorf("USD: rate %v, must be 1 (rates are USD per unit)", v)
	}
	return nil
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for k := 0; k < 3; k++ {
		if s[k] < 'A' || s[k] > 'Z' {
			return false
		}
	}
	return true
}

func (r Rates) clone() Rates { return maps.Clone(r) }
