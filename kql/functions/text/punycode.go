package text

import (
	"strings"
	"unicode/utf8"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

// Punycode (RFC 3492) as Kusto exposes it: punycode_from_string encodes
// one label, punycode_to_string decodes one; the domain forms work label
// by label ('.', '。', '．' and '｡' separate labels), encoding only labels
// that are not ASCII and adding or removing the "xn--" prefix. Case and
// other characters are kept as they are (no IDNA mapping). Text that
// cannot be encoded or decoded gives the empty string.

func init() {
	functions.Register(
		fn("punycode_from_string", types.String, []param{p("input_string", kString)}, "punycode_from_string(input_string: string): string",
			"Encodes a string with Punycode (RFC 3492), without the xn-- prefix.", punyKernel(encodeLabel)),
		fn("punycode_to_string", types.String, []param{p("encoded_string", kString)}, "punycode_to_string(encoded_string: string): string",
			"Decodes a Punycode (RFC 3492) string; empty when it is not valid Punycode.", punyKernel(decodeLabel)),
		fn("punycode_domain_to_string", types.String, []param{p("domain", kString)}, "punycode_domain_to_string(domain: string): string",
			"Encodes each non-ASCII label of a domain name as xn-- followed by its Punycode.", punyKernel(encodeDomain)),
		fn("punycode_domain_from_string", types.String, []param{p("encoded_domain", kString)}, "punycode_domain_from_string(encoded_domain: string): string",
			"Decodes each xn-- label of a domain name from Punycode.", punyKernel(decodeDomain)),
	)
}

func punyKernel(f func(string) (string, bool)) functions.ScalarKernel {
	return func(_ *functions.Ctx, a []*column.Vector, n int) (*column.Vector, error) {
		return functions.MapStrStr(a[0], n, func(dst []byte, s string) []byte {
			r, ok := f(s)
			if !ok {
				return dst
			}
			return append(dst, r...)
		}), nil
	}
}

const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
	pcMaxInt      = 1<<31 - 1
)

func pcAdapt(delta, numPoints int, first bool) int {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := 0
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func pcThreshold(k, bias int) int {
	switch {
	case k <= bias:
		return pcTMin
	case k >= bias+pcTMax:
		return pcTMax
	}
	return k - bias
}

func pcDigit(d int) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func pcDigitValue(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c-'0') + 26, true
	case 'a' <= c && c <= 'z':
		return int(c - 'a'), true
	case 'A' <= c && c <= 'Z':
		return int(c - 'A'), true
	}
	return 0, false
}

// encodeLabel is RFC 3492's encoding procedure.
func encodeLabel(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "", false
	}
	input := []rune(s)
	var out []byte
	for _, r := range input {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := pcInitialN, 0, pcInitialBias
	for h < len(input) {
		m := pcMaxInt
		for _, r := range input {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		if (m - n) > (pcMaxInt-delta)/(h+1) {
			return "", false
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range input {
			c := int(r)
			if c < n {
				delta++
				if delta > pcMaxInt {
					return "", false
				}
			}
			if c == n {
				q := delta
				for k := pcBase; ; k += pcBase {
					t := pcThreshold(k, bias)
					if q < t {
						break
					}
					out = append(out, pcDigit(t+(q-t)%(pcBase-t)))
					q = (q - t) / (pcBase - t)
				}
				out = append(out, pcDigit(q))
				bias = pcAdapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), true
}

// decodeLabel is RFC 3492's decoding procedure.
func decodeLabel(s string) (string, bool) {
	var out []rune
	pos := 0
	if b := strings.LastIndexByte(s, '-'); b >= 0 {
		for i := 0; i < b; i++ {
			if s[i] >= 0x80 {
				return "", false
			}
			out = append(out, rune(s[i]))
		}
		pos = b + 1
	}
	n, i, bias := pcInitialN, 0, pcInitialBias
	for pos < len(s) {
		oldi, w := i, 1
		for k := pcBase; ; k += pcBase {
			if pos >= len(s) {
				return "", false
			}
			d, ok := pcDigitValue(s[pos])
			pos++
			if !ok || d > (pcMaxInt-i)/w {
				return "", false
			}
			i += d * w
			t := pcThreshold(k, bias)
			if d < t {
				break
			}
			if w > pcMaxInt/(pcBase-t) {
				return "", false
			}
			w *= pcBase - t
		}
		bias = pcAdapt(i-oldi, len(out)+1, oldi == 0)
		if i/(len(out)+1) > pcMaxInt-n {
			return "", false
		}
		n += i / (len(out) + 1)
		i %= len(out) + 1
		if n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
			return "", false
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = rune(n)
		i++
	}
	return string(out), true
}

// labelsOf splits a domain at the label separators IDNA recognizes.
func labelsOf(s string) []string {
	var labels []string
	start := 0
	for i, r := range s {
		if r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61' {
			labels = append(labels, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(labels, s[start:])
}

func encodeDomain(s string) (string, bool) {
	labels := labelsOf(s)
	for j, l := range labels {
		if isASCIIString(l) {
			continue
		}
		e, ok := encodeLabel(l)
		if !ok {
			return "", false
		}
		labels[j] = "xn--" + e
	}
	return strings.Join(labels, "."), true
}

func decodeDomain(s string) (string, bool) {
	labels := labelsOf(s)
	for j, l := range labels {
		if len(l) < 4 || !strings.EqualFold(l[:4], "xn--") {
			continue
		}
		d, ok := decodeLabel(l[4:])
		if !ok {
			return "", false
		}
		labels[j] = d
	}
	return strings.Join(labels, "."), true
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
