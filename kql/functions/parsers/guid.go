package parsers

import (
	"crypto/rand"

	"github.com/quarryhunt/quarry/column"
	"github.com/quarryhunt/quarry/kql/functions"
	"github.com/quarryhunt/quarry/kql/types"
)

func init() {
	functions.Register(&functions.Func{
		Name: "new_guid", Kind: functions.Scalar,
		Sig: "new_guid(): guid",
		Doc: "A new random (version 4) guid on every row.",
		Bind: functions.Fixed("new_guid", types.Guid, nil, func(_ *functions.Ctx, _ []*column.Vector, n int) (*column.Vector, error) {
			s := column.NewStrings(n, n*36)
			raw := make([]byte, 16*n)
			if _, err := rand.Read(raw); err != nil {
				return nil, err
			}
			for i := 0; i < n; i++ {
				s.Data = formatGUID(s.Data, raw[16*i:16*i+16])
				s.Offs = append(s.Offs, uint32(len(s.Data)))
			}
			return column.FromStrings(types.Guid, s), nil
		}),
	})
}

// formatGUID writes 16 random bytes as a version 4, variant 1 guid in
// canonical lower-case form.
func formatGUID(dst, b []byte) []byte {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hexdigits = "0123456789abcdef"
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexdigits[x>>4], hexdigits[x&0xf])
	}
	return dst
}
