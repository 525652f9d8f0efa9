package semantic

// Kusto names an unnamed computed column after the expression when it
// can: a column reference keeps its name, `d.a.b` becomes d_a_b, and a
// function call is named by a rule that depends on the function
// (tostring(X) is X, strlen(X) is strlen_X, sum(X) is sum_X, ...). An
// expression without such a name becomes Column1, Column2 (print_0, ...
// in print). The rules below were checked against Kusto's own binder.

type nameKind uint8

const (
	// nameFirstArg: the function's name, "_", the first argument's name.
	nameFirstArg nameKind = iota + 1
	// nameOnlyArg: as nameFirstArg when there is exactly one argument.
	nameOnlyArg
	// prefixFirstArg: the prefix, "_", the first argument's name.
	prefixFirstArg
	// prefixOnlyArg: as prefixFirstArg when there is exactly one argument.
	prefixOnlyArg
	// firstArgValueIfColumn: the first argument's string value when it
	// names a column of the input.
	firstArgValueIfColumn
	// prefixOnly: the prefix alone.
	prefixOnly
	// firstArg: the first argument's name.
	firstArg
	// onlyArg: the argument's name when there is exactly one.
	onlyArg
)

type nameRule struct {
	kind   nameKind
	prefix string // "" means the function's own name
}

// nameRules lists the functions whose calls name their result; every
// other function gives no name.
var nameRules = map[string]nameRule{
	"__hll_normalize":           {kind: firstArg},
	"abs":                       {kind: firstArg},
	"acos":                      {kind: firstArg},
	"asin":                      {kind: firstArg},
	"atan":                      {kind: firstArg},
	"atan2":                     {kind: firstArg},
	"bin":                       {kind: firstArg},
	"bin_at":                    {kind: firstArg},
	"bin_auto":                  {kind: firstArg},
	"binary_and":                {kind: firstArg},
	"binary_not":                {kind: firstArg},
	"binary_or":                 {kind: firstArg},
	"binary_shift_left":         {kind: firstArg},
	"binary_shift_right":        {kind: firstArg},
	"binary_xor":                {kind: firstArg},
	"bitset_count_ones":         {kind: firstArg},
	"ceiling":                   {kind: firstArg},
	"column_ifexists":           {kind: firstArgValueIfColumn},
	"columnifexists":            {kind: firstArgValueIfColumn},
	"cos":                       {kind: firstArg},
	"dcount_hll":                {kind: nameFirstArg},
	"erf":                       {kind: firstArg},
	"erfc":                      {kind: firstArg},
	"exp":                       {kind: firstArg},
	"exp10":                     {kind: firstArg},
	"exp2":                      {kind: firstArg},
	"floor":                     {kind: firstArg},
	"format_bytes":              {kind: firstArg},
	"format_datetime":           {kind: firstArg},
	"format_timespan":           {kind: firstArg},
	"gamma":                     {kind: firstArg},
	"gettype":                   {kind: prefixFirstArg, prefix: "type"},
	"ingestion_time":            {kind: prefixOnly, prefix: "$IngestionTime"},
	"log":                       {kind: firstArg},
	"log10":                     {kind: firstArg},
	"log2":                      {kind: firstArg},
	"loggamma":                  {kind: firstArg},
	"make_datetime":             {kind: onlyArg},
	"make_timespan":             {kind: onlyArg},
	"parse_csv":                 {kind: firstArg},
	"parse_json":                {kind: firstArg},
	"parse_xml":                 {kind: firstArg},
	"parsejson":                 {kind: firstArg},
	"percentile_tdigest":        {kind: nameFirstArg},
	"percentiles_array_tdigest": {kind: prefixFirstArg, prefix: "percentile_tdigest"},
	"pow":                       {kind: firstArg},
	"rand":                      {kind: firstArg},
	"repeat":                    {kind: prefixFirstArg},
	"round":                     {kind: firstArg},
	"series_fill_backward":      {kind: firstArg},
	"series_fill_const":         {kind: firstArg},
	"series_fill_forward":       {kind: firstArg},
	"series_fill_linear":        {kind: firstArg},
	"series_fir":                {kind: firstArg},
	"series_iir":                {kind: firstArg},
	"series_outliers":           {kind: firstArg},
	"sin":                       {kind: firstArg},
	"split":                     {kind: firstArg},
	"sqrt":                      {kind: firstArg},
	"startofday":                {kind: firstArg},
	"string_size":               {kind: nameFirstArg},
	"strlen":                    {kind: nameFirstArg},
	"tan":                       {kind: firstArg},
	"tobool":                    {kind: firstArg},
	"toboolean":                 {kind: firstArg},
	"todatetime":                {kind: firstArg},
	"todecimal":                 {kind: firstArg},
	"todouble":                  {kind: firstArg},
	"todynamic":                 {kind: firstArg},
	"toguid":                    {kind: firstArg},
	"tohex":                     {kind: firstArg},
	"toint":                     {kind: firstArg},
	"tolong":                    {kind: firstArg},
	"toobject":                  {kind: firstArg},
	"toreal":                    {kind: firstArg},
	"tostring":                  {kind: firstArg},
	"totime":                    {kind: firstArg},
	"totimespan":                {kind: firstArg},
	"treepath":                  {kind: prefixFirstArg, prefix: "tree"},
	"any":                       {kind: prefixFirstArg},
	"anyif":                     {kind: prefixFirstArg},
	"avg":                       {kind: prefixFirstArg},
	"avgif":                     {kind: prefixFirstArg},
	"binary_all_and":            {kind: firstArg},
	"binary_all_or":             {kind: firstArg},
	"binary_all_xor":            {kind: firstArg},
	"buildschema":               {kind: prefixFirstArg, prefix: "schema"},
	"cnt":                       {kind: prefixFirstArg},
	"count":                     {kind: prefixFirstArg},
	"count_distinct":            {kind: prefixFirstArg},
	"count_distinctif":          {kind: prefixFirstArg},
	"countif":                   {kind: prefixFirstArg},
	"covariance":                {kind: prefixFirstArg},
	"covarianceif":              {kind: prefixFirstArg},
	"covariancep":               {kind: prefixFirstArg},
	"covariancepif":             {kind: prefixFirstArg},
	"dcount":                    {kind: prefixFirstArg},
	"dcountif":                  {kind: prefixFirstArg},
	"hll":                       {kind: prefixFirstArg},
	"hll_if":                    {kind: prefixFirstArg},
	"hll_merge":                 {kind: prefixFirstArg},
	"make_bag":                  {kind: prefixFirstArg, prefix: "bag"},
	"make_bag_if":               {kind: prefixFirstArg, prefix: "bag"},
	"make_dictionary":           {kind: prefixFirstArg, prefix: "dictionary"},
	"make_list":                 {kind: prefixFirstArg, prefix: "list"},
	"make_list_if":              {kind: prefixFirstArg, prefix: "list"},
	"make_list_with_nulls":      {kind: prefixFirstArg, prefix: "list"},
	"make_set":                  {kind: prefixFirstArg, prefix: "set"},
	"make_set_if":               {kind: prefixFirstArg, prefix: "set"},
	"makelist":                  {kind: prefixFirstArg, prefix: "list"},
	"makeset":                   {kind: prefixFirstArg, prefix: "set"},
	"max":                       {kind: prefixFirstArg},
	"maxif":                     {kind: prefixFirstArg},
	"merge_tdigest":             {kind: prefixFirstArg, prefix: "merge_tdigests"},
	"min":                       {kind: prefixFirstArg},
	"minif":                     {kind: prefixFirstArg},
	"passthrough":               {kind: firstArg},
	"stdev":                     {kind: prefixFirstArg},
	"stdevif":                   {kind: prefixFirstArg},
	"stdevp":                    {kind: prefixFirstArg},
	"sum":                       {kind: prefixFirstArg},
	"sumif":                     {kind: prefixFirstArg},
	"take_any":                  {kind: firstArg},
	"take_anyif":                {kind: firstArg},
	"tdigest":                   {kind: prefixFirstArg},
	"tdigest_merge":             {kind: prefixFirstArg, prefix: "merge_tdigests"},
	"variance":                  {kind: prefixFirstArg},
	"varianceif":                {kind: prefixFirstArg},
	"variancep":                 {kind: prefixFirstArg},
	"variancepif":               {kind: prefixFirstArg},
}
