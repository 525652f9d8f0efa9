package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/engine"
	"github.com/quarryhunt/quarry/kql/semantic"
	"github.com/quarryhunt/quarry/kql/syntax"
	"github.com/quarryhunt/quarry/kql/types"
	"github.com/quarryhunt/quarry/kql/value"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var (
		data  dataFlags
		file  string
		jsonl bool
	)
	cmd := &cobra.Command{
		Use:   "check [QUERY]",
		Short: "Parse and bind a query without running it",
		Long: `Check a query: report syntax and semantic errors as line:col with the
offending line, or print the result's columns and types.

With --jsonl, read {"id":..., "query":"..."} lines from stdin and write one
line per query: {"id","syntax_errors","semantic_errors","result_columns"}.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := data.readStore()
			if err != nil {
				return err
			}
			cat, err := data.catalogWithStore(st)
			if err != nil {
				return err
			}
			eng, err := withFunctions(cmd, engine.New(cat, nil))
			if err != nil {
				return err
			}
			if jsonl {
				if len(args) > 0 || file != "" {
					return usagef("--jsonl reads queries from stdin; give no query argument or -f")
				}
				return checkJSONL(eng, cmd.InOrStdin(), cmd.OutOrStdout())
			}
			text, err := queryText(cmd, args, file)
			if err != nil {
				return err
			}
			return checkOne(eng, text, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	data.register(cmd, false)
	data.registerStore(cmd)
	cmd.Flags().StringVarP(&file, "file", "f", "", "read the query from FILE (- for stdin)")
	cmd.Flags().BoolVar(&jsonl, "jsonl", false, "check many queries: JSON lines in, JSON lines out")
	return cmd
}

// checked is the outcome of checking one query.
type checked struct {
	schema types.Schema
	syn    syntax.ErrorList
	sem    semantic.ErrorList
	panic  string // an internal error, reported as a semantic error
}

// check runs the engine's check, turning a panic into an error so that
// one bad query cannot stop a batch.
func check(eng *engine.Engine, text string) (c checked) {
	defer func() {
		if r := recover(); r != nil {
			c = checked{panic: fmt.Sprintf("internal error: %v (this is a Quarry bug; please report it with the query)", r)}
		}
	}()
	c.schema, c.syn, c.sem = eng.Check(text)
	return c
}

func checkOne(eng *engine.Engine, text string, stdout, stderr io.Writer) error {
	c := check(eng, text)
	if c.panic != "" {
		return fmt.Errorf("%s", c.panic)
	}
	if len(c.syn) > 0 {
		for _, e := range c.syn {
			fmt.Fprintln(stderr, e.Verbose())
		}
		return fmt.Errorf("%d syntax error%s", len(c.syn), plural(len(c.syn)))
	}
	if len(c.sem) > 0 {
		src := syntax.NewSource("", text)
		for _, e := range c.sem {
			if e.File != "" {
				// The error is in a stored function's file, not the query.
				fmt.Fprintf(stderr, "%s\n%s\n", e.Error(), e.Snippet)
				continue
			}
			fmt.Fprintf(stderr, "%d:%d: %s\n%s\n", e.Line, e.Col, e.Message, src.Snippet(e.Pos))
		}
		return fmt.Errorf("%d semantic error%s", len(c.sem), plural(len(c.sem)))
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, col := range c.schema {
		fmt.Fprintf(tw, "%s\t%s\n", col.Name, col.Type)
	}
	return tw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// checkJSONL checks one {"id","query"} line after another. The id is
// echoed exactly as given, whatever its JSON type.
func checkJSONL(eng *engine.Engine, in io.Reader, out io.Writer) error {
	br := bufio.NewReaderSize(in, 1<<20)
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		if t := strings.TrimSpace(line); t != "" {
			buf = checkLine(eng, buf[:0], t, lineNo)
			if _, werr := bw.Write(buf); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func checkLine(eng *engine.Engine, dst []byte, line string, lineNo int) []byte {
	var req struct {
		ID    json.RawMessage `json:"id"`
		Query *string         `json:"query"`
	}
	if err := json.Unmarshal([]byte(line), &req); err != nil || req.Query == nil {
		msg := fmt.Sprintf("stdin:%d: want a JSON object {\"id\":..., \"query\":\"...\"}", lineNo)
		if err != nil {
			msg += ": " + err.Error()
		}
		dst = append(dst, `{"id":`...)
		dst = appendID(dst, req.ID)
		dst = append(dst, `,"error":`...)
		dst = value.AppendJSONString(dst, msg)
		return append(dst, "}\n"...)
	}
	c := check(eng, *req.Query)
	dst = append(dst, `{"id":`...)
	dst = appendID(dst, req.ID)
	dst = append(dst, `,"syntax_errors":[`...)
	for i, e := range c.syn {
		dst = appendErr(dst, i, "", e.Msg, e.Line, e.Col)
	}
	dst = append(dst, `],"semantic_errors":[`...)
	for i, e := range c.sem {
		dst = appendErr(dst, i, e.Code, e.Message, e.Line, e.Col)
	}
	if c.panic != "" {
		dst = appendErr(dst, len(c.sem), "QRY-INTERNAL", c.panic, 0, 0)
	}
	dst = append(dst, `],"result_columns":[`...)
	for i, col := range c.schema {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst = value.AppendJSONString(dst, col.Name)
		dst = append(dst, `,"type":`...)
		dst = value.AppendJSONString(dst, col.Type.String())
		dst = append(dst, '}')
	}
	return append(dst, "]}\n"...)
}

func appendID(dst []byte, id json.RawMessage) []byte {
	if len(id) == 0 {
		return append(dst, "null"...)
	}
	return append(dst, id...)
}

func appendErr(dst []byte, i int, code, msg string, line, col int) []byte {
	if i > 0 {
		dst = append(dst, ',')
	}
	dst = append(dst, `{"code":`...)
	dst = value.AppendJSONString(dst, code)
	dst = append(dst, `,"message":`...)
	dst = value.AppendJSONString(dst, msg)
	dst = fmt.Appendf(dst, `,"line":%d,"col":%d}`, line, col)
	return dst
}
