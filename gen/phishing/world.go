package phishing

import (
	"math"
	"strconv"
	"strings"
)

type role int

const (
	roleStaff   role = iota
	roleAdmin        // system administrators (the seed's internal-host case)
	roleSupport      // IT support technicians (the trusted-sender case)
	roleMarketing
	roleService // automation accounts (the update-job case)
)

type user struct {
	upn, display, name string // name: the account name (first.last)
	objectID, sid      string
	dept               string
	role               role
	homeIP             string
	device             string // DeviceName of the user's workstation
	deviceID           string
	localIP            string
}

// sender is an internal mailbox that sends mail (a shared or system one).
type sender struct {
	addr, display, objectID string
}

// world is the tenant: who works there and how its network looks. It
// is built once from the seed.
type world struct {
	tenant    string
	domainSID [3]uint32
	users     []*user
	admins    []*user
	support   []*user
	marketing []*user
	it        []*user // admins and support
	svcUpdate *user
	egress    []string // corporate NAT addresses
	dcEgress  string   // the data-centre address automation runs from

	itOps, monitoring, supportBox, adminBox, marketingBox sender

	// policy GUIDs the tenant's filtering policies have.
	policyAntispam, policyAntiphish, policyAntimalware, policySafeAtt, policyTABL string
	subscriptionID                                                                string
}

// numUsers grows slower than the data: a bigger scale means a busier
// tenant more than a larger one.
func numUsers(scale float64) int {
	n := int(300 * math.Sqrt(scale) * math.Sqrt(math.Sqrt(scale)))
	if n < 60 {
		n = 60
	}
	if n > 200_000 {
		n = 200_000
	}
	return n
}

func newWorld(r *rng, scale float64) *world {
	w := &world{tenant: r.guid()}
	for i := range w.domainSID {
		w.domainSID[i] = uint32(r.between(1_000_000_000, 4_000_000_000))
	}
	for i := 0; i < 4; i++ {
		w.egress = append(w.egress, ipv4(203, 0, 113, r.between(2, 250)))
	}
	w.egress = append(w.egress, ipv4(198, 51, 100, r.between(2, 250)))
	w.dcEgress = ipv4(198, 51, 100, r.between(2, 250))
	n := numUsers(scale)
	seen := map[string]int{}
	for i := 0; i < n; i++ {
		f, l := pick(r, firstNames), pick(r, lastNames)
		name := f.ascii + "." + l.ascii
		if k := seen[name]; k > 0 {
			seen[name] = k + 1
			name += strconv.Itoa(k + 1)
		} else {
			seen[name] = 1
		}
		u := &user{
			upn: name + "@" + orgDomain, display: f.display + " " + l.display, name: name,
			objectID: r.guid(), sid: sid(w.domainSID, 1100+i), dept: pick(r, departments),
			homeIP: r.publicIPv4(), deviceID: r.hexString(40), localIP: ipv4(10, r.between(1, 60), r.intn(256), r.between(2, 254)),
		}
		u.device = deviceName(r, u) + "." + orgDomain
		switch x := r.intn(100); {
		case x < 3:
			u.role, u.dept = roleAdmin, "IT"
		case x < 6:
			u.role, u.dept = roleSupport, "IT"
		case x < 11:
			u.role, u.dept = roleMarketing, "Marketing"
		}
		w.users = append(w.users, u)
	}
	// Every case of the seed needs its actors, however small the tenant.
	need := func(rl role, k int) {
		have := 0
		for _, u := range w.users {
			if u.role == rl {
				have++
			}
		}
		for i := 0; have < k && i < len(w.users); i++ {
			if u := w.users[i]; u.role == roleStaff {
				u.role, have = rl, have+1
				if rl == roleMarketing {
					u.dept = "Marketing"
				} else {
					u.dept = "IT"
				}
			}
		}
	}
	need(roleAdmin, 2)
	need(roleSupport, 2)
	need(roleMarketing, 2)
	for _, u := range w.users {
		switch u.role {
		case roleAdmin:
			w.admins = append(w.admins, u)
			w.it = append(w.it, u)
		case roleSupport:
			w.support = append(w.support, u)
			w.it = append(w.it, u)
		case roleMarketing:
			w.marketing = append(w.marketing, u)
		}
	}
	w.svcUpdate = &user{upn: "svc-update@" + orgDomain, display: "Update Scheduler (service)", name: "svc-update",
		objectID: r.guid(), sid: sid(w.domainSID, 1000), dept: "IT", role: roleService, homeIP: w.dcEgress,
		deviceID: r.hexString(40), device: "srv-upd-01." + orgDomain, localIP: ipv4(10, 0, 0, r.between(10, 40))}
	box := func(local, display string) sender {
		return sender{addr: local + "@" + orgDomain, display: display, objectID: r.guid()}
	}
	w.itOps = box("it-ops", "IT Operations")
	w.monitoring = box("monitoring", "Infrastructure Monitoring")
	w.supportBox = box("support", "IT Support")
	w.adminBox = box("admin", orgName+" Administrator")
	w.marketingBox = sender{addr: "news@" + marketingHost, display: orgName + " Marketing", objectID: ""}
	w.policyAntispam, w.policyAntiphish, w.policyAntimalware = r.guid(), r.guid(), r.guid()
	w.policySafeAtt, w.policyTABL, w.subscriptionID = r.guid(), r.guid(), r.guid()
	return w
}

func deviceName(r *rng, u *user) string {
	prefix := pick(r, []string{"wks", "lt", "lt", "dt"})
	short := u.name
	if i := strings.IndexByte(short, '.'); i > 0 {
		short = short[:1] + short[i+1:]
	}
	if len(short) > 10 {
		short = short[:10]
	}
	return prefix + "-" + short + "-" + r.digits(3)
}

// clickIP is where a user clicks from: the office, home, or a phone.
func (w *world) clickIP(r *rng, u *user, t int64) string {
	if u.role == roleService {
		return w.dcEgress
	}
	h := int(t % day / hour)
	office := h >= 7 && h < 18 && weekday(t) < 5
	switch {
	case office && r.chance(0.8):
		return pick(r, w.egress)
	case r.chance(0.85):
		return u.homeIP
	case r.chance(0.5):
		return r.ipv6("2a02:" + strconv.FormatUint(uint64(r.intn(0xffff)), 16) + ":")
	}
	return r.publicIPv4()
}

// weekday is 0 for Monday ... 6 for Sunday.
func weekday(t int64) int {
	d := t / day
	if t < 0 && t%day != 0 {
		d--
	}
	return int((d + 3) % 7) // 1970-01-01 was a Thursday
}

// anyone picks a user of the tenant.
func (w *world) anyone(r *rng) *user { return w.users[r.intn(len(w.users))] }
