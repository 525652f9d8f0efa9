package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/semantic"
)

// notApplicable names the official functions that describe a Kusto
// cluster rather than data: Quarry has no cluster, principals, extents,
// ingestion cursors or server-side stored objects of these kinds.
var notApplicable = map[string]string{
	"current_cluster_endpoint":       "no Kusto cluster",
	"current_database":               "no Kusto database",
	"current_principal":              "no Microsoft Entra principals",
	"current_principal_details":      "no Microsoft Entra principals",
	"current_principal_is_member_of": "no Microsoft Entra principals",
	"cursor_after":                   "no ingestion cursors",
	"cursor_before_or_at":            "no ingestion cursors",
	"cursor_current":                 "no ingestion cursors",
	"extent_id":                      "no data extents",
	"extent_tags":                    "no data extents",
	"estimate_data_size":             "no extent size statistics",
	"external_table":                 "no external tables",
	"materialized_view":              "no materialized views",
	"stored_query_result":            "no stored query results",
	"entity_group":                   "no entity groups",
	"graph":                          "no persistent graphs",
}

// coverageRow is one official function and what Quarry does with it.
type coverageRow struct {
	functions.OfficialFunc
	Status string // implemented, not applicable, missing
	Why    string
}

// catalogCoverage compares Kusto's catalog with the functions Quarry binds:
// the catalog (names and aliases) and the forms the binder resolves itself.
func catalogCoverage() []coverageRow {
	var rows []coverageRow
	for _, f := range functions.Official() {
		r := coverageRow{OfficialFunc: f, Status: "missing"}
		if _, ok := functions.Lookup(f.Name); ok || semantic.BindsCall(f.Name) {
			r.Status = "implemented"
		} else if why, ok := notApplicable[f.Name]; ok {
			r.Status, r.Why = "not applicable", why
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	return rows
}

func writeCoverage(w io.Writer, rows []coverageRow, onlyMissing bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	count := map[string]map[string]int{}
	for _, r := range rows {
		if count[r.Kind] == nil {
			count[r.Kind] = map[string]int{}
		}
		count[r.Kind][r.Status]++
		if onlyMissing && r.Status != "missing" {
			continue
		}
		status := r.Status
		if r.Why != "" {
			status += ": " + r.Why
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Kind, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, k := range []string{"scalar", "aggregate", "tabular"} {
		c := count[k]
		total := c["implemented"] + c["not applicable"] + c["missing"]
		fmt.Fprintf(w, "%s: %d of %d implemented, %d not applicable, %d missing\n",
			k, c["implemented"], total, c["not applicable"], c["missing"])
	}
	return nil
}
