package demo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The embedded rule and exclusions must stay copies of the examples.
func TestAssetsMatchExamples(t *testing.T) {
	for _, c := range []struct {
		embedded []byte
		path     string
	}{
		{ruleYAML, RuleFile},
		{exclusionsYAML, ExclusionsFile},
	} {
		want, err := os.ReadFile(filepath.Join("..", c.path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.embedded, want) {
			t.Errorf("demo/assets/%s differs from %s: copy it again", filepath.Base(c.path), c.path)
		}
	}
}

func TestDemoScores(t *testing.T) {
	res, err := Demo(context.Background(), Options{Dir: t.TempDir(), Scale: 0.2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	raw, tuned := res.Raw.Score, res.Tuned.Score
	if raw.TruePos == 0 {
		t.Fatalf("no malicious clicks found: %+v", raw)
	}
	if raw.Recall != 1 || raw.Precision >= 1 || raw.FalsePos == 0 {
		t.Errorf("rule alone: %+v; want recall 1 and benign clicks found (precision < 1)", raw)
	}
	if tuned.Recall != 1 || tuned.Precision != 1 {
		t.Errorf("with exclusions: %+v; want precision 1 and recall 1", tuned)
	}
	if res.Raw.Result.Excluded != 0 || res.Tuned.Result.Excluded == 0 {
		t.Errorf("excluded: rule alone %d, with exclusions %d", res.Raw.Result.Excluded, res.Tuned.Result.Excluded)
	}
	if got := len(res.Tuned.Result.Exclusions); got != 5 {
		t.Errorf("%d exclusion counts, want 5", got)
	}
	for _, x := range res.Tuned.Result.Exclusions {
		if x.Matched == 0 {
			t.Errorf("exclusion %s matched nothing", x.Exclusion.Name)
		}
	}
	var out bytes.Buffer
	res.Print(&out, 3)
	for _, want := range []string{"rule alone", "with exclusions", "precision 1.000  recall 1.000", "marketing-campaigns", "ReportId"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestScoreEmpty(t *testing.T) {
	if ratio(0, 0) != 1 || ratio(1, 2) != 0.5 {
		t.Error("ratio")
	}
}

func TestDemoNeedsDir(t *testing.T) {
	if _, err := Demo(context.Background(), Options{}); err == nil {
		t.Error("no error without a folder")
	}
}
