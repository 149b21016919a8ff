package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"vigie/internal/moduledir"
)

// Alert matching is measured by the alert package's own benchmarks (they
// need its unexported matcher): BenchmarkMatch matches 10,000 saved
// searches against 1,000 new articles in memory; BenchmarkMatchPass is the
// whole pass OnIndexed runs (load alerts and articles from the store,
// match, commit the outbox). The harness runs them with `go test` from the
// module root and copies their figures into the report.

// alertBench is one benchmark line.
type alertBench struct {
	name   string
	perOp  time.Duration
	cpuSec float64 // CPU seconds per op, 0 if not reported
}

// alertResult is what the report says about alert matching.
type alertResult struct {
	benches []alertBench
	command string
	skipped string // why it was not measured, if it was not
}

const alertPattern = "BenchmarkMatch(Pass)?$/alerts=10000"

// plainArg needs no quoting in a shell.
var plainArg = regexp.MustCompile(`^[\w./=-]+$`)

var benchLine = regexp.MustCompile(`(?m)^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(\d+(?:\.\d+)?) ns/op(?:\s+([\d.]+) cpu-s/op)?`)

func measureAlerts(ctx context.Context) alertResult {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return alertResult{skipped: "no go toolchain on PATH to run search/alert's benchmarks"}
	}
	root, err := moduledir.Root()
	if err != nil {
		return alertResult{skipped: err.Error()}
	}
	args := []string{"test", "-run", "^$", "-bench", alertPattern, "-benchtime", "3x", "./search/alert"}
	res := alertResult{command: "go " + shellJoin(args)}
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		res.skipped = fmt.Sprintf("`%s` failed: %v: %s", res.command, err, lastLines(out.String(), 3))
		return res
	}
	res.benches = parseBenchmarks(out.String())
	if len(res.benches) == 0 {
		res.skipped = fmt.Sprintf("`%s` printed no benchmark result (search/alert may have renamed BenchmarkMatch)", res.command)
	}
	return res
}

func parseBenchmarks(out string) []alertBench {
	var bs []alertBench
	for _, m := range benchLine.FindAllStringSubmatch(out, -1) {
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		b := alertBench{name: m[1], perOp: time.Duration(ns)}
		if m[3] != "" {
			b.cpuSec, _ = strconv.ParseFloat(m[3], 64)
		}
		bs = append(bs, b)
	}
	return bs
}

func shellJoin(args []string) string {
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if plainArg.MatchString(a) {
			b.WriteString(a)
		} else {
			b.WriteString("'" + a + "'")
		}
	}
	return b.String()
}

func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" / ")))
}
