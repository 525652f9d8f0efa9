package ruletest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// JUnit XML, the report format CI systems read: one testsuite per test
// file, one testcase per test; a failed expectation is a <failure>, a
// broken test an <error>.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes outcomes as JUnit XML.
func WriteJUnit(w io.Writer, outcomes []*Outcome) error {
	root := junitSuites{Name: "quarry test"}
	byFile := map[string]int{}
	var total time.Duration
	var suiteTime []time.Duration
	for _, o := range outcomes {
		i, ok := byFile[o.File]
		if !ok {
			i = len(root.Suites)
			byFile[o.File] = i
			root.Suites = append(root.Suites, junitSuite{Name: o.File})
			suiteTime = append(suiteTime, 0)
		}
		s := &root.Suites[i]
		c := junitCase{Name: o.Name, Classname: o.File, Time: seconds(o.Duration)}
		switch {
		case o.Err != nil:
			c.Error = &junitProblem{Message: firstLine(o.Err.Error()), Type: "error", Text: o.Err.Error()}
			s.Errors++
			root.Errors++
		case len(o.Failures) > 0:
			c.Failure = &junitProblem{Message: firstLine(o.Failures[0]), Type: "failure", Text: strings.Join(o.Failures, "\n")}
			s.Failures++
			root.Failures++
		}
		s.Tests++
		root.Tests++
		suiteTime[i] += o.Duration
		s.Time = seconds(suiteTime[i])
		total += o.Duration
		s.Cases = append(s.Cases, c)
	}
	root.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Summary counts outcomes.
func Summary(outcomes []*Outcome) (passed, failed, errored int) {
	for _, o := range outcomes {
		switch {
		case o.Err != nil:
			errored++
		case len(o.Failures) > 0:
			failed++
		default:
			passed++
		}
	}
	return
}
