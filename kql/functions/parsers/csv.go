package parsers

import (
	"strings"

	"github.com/quarryhunt/quarry/kql/functions"
)

func init() {
	functions.Register(&functions.Func{
		Name: "parse_csv", Kind: functions.Scalar,
		Sig:  "parse_csv(csv_text: string): dynamic",
		Doc:  `Splits one CSV record into an array of strings; fields may be quoted with '"' (a doubled quote is a literal one) to hold commas, quotes and line feeds. Only the first record is read.`,
		Bind: stringToDynamic("parse_csv", func(s string) any { return parseCSV(s) }),
	})
}

// parseCSV reads the first record of s.
func parseCSV(s string) []any {
	out := []any{}
	var field strings.Builder
	i := 0
	for {
		field.Reset()
		if i < len(s) && s[i] == '"' {
			i++
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						field.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				field.WriteByte(s[i])
				i++
			}
		}
		// Unquoted text (or text after a closing quote) runs to the next
		// comma or the end of the record.
		for i < len(s) && s[i] != ',' && s[i] != '\n' && s[i] != '\r' {
			field.WriteByte(s[i])
			i++
		}
		out = append(out, field.String())
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		return out
	}
}
