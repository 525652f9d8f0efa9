package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/hunt"
	"github.com/quarryhunt/quarry/hunt/internal/yamlx"
)

// SARIF 2.1.0, the subset code-scanning UIs read: one run; the driver's
// rules are the hunting rules; each finding row is a result located at
// the rule's query in its file; rules that failed are tool execution
// notifications.

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  *sarifText     `json:"fullDescription,omitempty"`
	DefaultConfig    sarifConfig    `json:"defaultConfiguration"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Descriptor *sarifRef       `json:"associatedRule,omitempty"`
}

type sarifRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifResult struct {
	RuleID       string            `json:"ruleId"`
	RuleIndex    int               `json:"ruleIndex"`
	Level        string            `json:"level"`
	Message      sarifText         `json:"message"`
	Locations    []sarifLocation   `json:"locations"`
	Fingerprints map[string]string `json:"partialFingerprints"`
	Properties   map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifLevel maps a Sentinel severity to a SARIF level.
func sarifLevel(sev string) string {
	switch strings.ToLower(sev) {
	case "high", "critical":
		return "error"
	case "low", "informational":
		return "note"
	}
	return "warning"
}

// securitySeverity is the score GitHub code scanning sorts security
// results by.
func securitySeverity(sev string) string {
	switch strings.ToLower(sev) {
	case "critical":
		return "9.5"
	case "high":
		return "8.0"
	case "medium":
		return "5.5"
	case "low":
		return "3.0"
	case "informational":
		return "1.0"
	}
	return "5.5"
}

// location is a place in a rule file. Relative paths stay relative (code
// scanning resolves them against the repository); absolute ones become
// file:// URIs.
func location(file string, line, col int) sarifLocation {
	uri := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		uri = (&url.URL{Scheme: "file", Path: uri}).String()
	}
	loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: uri}}}
	if line > 0 {
		loc.Physical.Region = &sarifRegion{StartLine: line, StartColumn: max(col, 0)}
	}
	return loc
}

func writeSARIF(w io.Writer, rep *hunt.Report, opts Options) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "quarry", Version: opts.ToolVersion,
			InformationURI: "https://github.com/quarryhunt/quarry",
			Rules:          []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	inv := sarifInvocation{ExecutionSuccessful: true, Notifications: []sarifNotification{}}
	for idx, r := range rep.Results {
		ru := r.Rule
		tags := append(append([]string{"security"}, ru.Tactics...), ru.Techniques...)
		sr := sarifRule{
			ID: ru.ID, Name: ru.Name, ShortDescription: sarifText{Text: ru.Name},
			DefaultConfig: sarifConfig{Level: sarifLevel(ru.Severity)},
			Properties:    map[string]any{"tags": tags, "security-severity": securitySeverity(ru.Severity), "kind": string(ru.Kind)},
		}
		if ru.Description != "" {
			sr.FullDescription = &sarifText{Text: ru.Description}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sr)
		qline, qcol := ru.Line, 0
		if ru.QueryAt != nil {
			qline, qcol = ru.QueryAt.Src.Line, ru.QueryAt.Src.Col
		}
		ref := &sarifRef{ID: ru.ID, Index: idx}
		if r.Err != nil {
			inv.ExecutionSuccessful = false
			line, col := ru.Line, 0
			file := ru.File
			if pe, ok := firstPositioned(r.Err); ok {
				file, line, col = pe.File, pe.Line, pe.Col
			}
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level: "error", Message: sarifText{Text: r.Err.Error()},
				Locations: []sarifLocation{location(file, line, col)}, Descriptor: ref,
			})
			continue
		}
		for _, wmsg := range r.Warnings {
			inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifText{Text: wmsg}, Descriptor: ref})
		}
		if len(r.MissingTables) > 0 {
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level:      "warning",
				Message:    sarifText{Text: fmt.Sprintf("%s: no data in %s; ensure the data connector is enabled", ru.Name, strings.Join(r.MissingTables, ", "))},
				Descriptor: ref,
			})
		}
		if !emitsFindings(r) {
			continue
		}
		listed := 0
		var obj []byte
		forRows(r.Batches, opts.MaxRows, func(b *column.Batch, i int) {
			listed++
			obj = rowObject(obj[:0], r.Schema, b, i)
			sum := sha256.Sum256(append([]byte(ru.ID+"\x00"), obj...))
			msg := r.AlertTitle(b, i)
			if ents := r.RowEntities(b, i); len(ents) > 0 {
				parts := make([]string, len(ents))
				for k, e := range ents {
					parts[k] = entityText(e)
				}
				msg += ": " + strings.Join(parts, "; ")
			}
			run.Results = append(run.Results, sarifResult{
				RuleID: ru.ID, RuleIndex: idx, Level: sarifLevel(r.AlertSeverity(b, i)),
				Message:      sarifText{Text: msg},
				Locations:    []sarifLocation{location(ru.File, qline, qcol)},
				Fingerprints: map[string]string{"quarryFinding/v1": hex.EncodeToString(sum[:16])},
				Properties:   map[string]any{"row": json.RawMessage(append([]byte(nil), obj...))},
			})
		})
		if r.Hits > listed {
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level:      "note",
				Message:    sarifText{Text: fmt.Sprintf("%s: %d findings, the first %d listed (see --format json for all)", ru.Name, r.Hits, listed)},
				Descriptor: ref,
			})
		}
	}
	run.Invocations = []sarifInvocation{inv}
	return encode(w, sarifLog{Version: "2.1.0", Schema: "https://json.schemastore.org/sarif-2.1.0.json", Runs: []sarifRun{run}})
}

// firstPositioned finds the first file-positioned error in err.
func firstPositioned(err error) (*yamlx.Error, bool) {
	var pe *yamlx.Error
	ok := errors.As(err, &pe)
	return pe, ok
}
