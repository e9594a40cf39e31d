package console

import (
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/admin"
	"onestop/sync/central/roster"
)

// The roster import: an admin uploads a hall's roster (CSV as Excel
// saves it, or .xlsx), sees what it would change and which lines are
// rejected, and confirms. Nothing is written to the roster before the
// confirmation, and the confirmation applies exactly what was previewed:
// the preview waits in the store (any central process may be asked to
// confirm it) under a random token, kept hashed, bound to the admin and
// the hall, holding only what central keeps anyway (hashes and masked
// names).

var _ = addRoutes(
	route{"GET /admin/roster", func(c *Console) http.Handler { return c.staff(c.roPage) }},
	route{"POST /admin/roster/preview", func(c *Console) http.Handler { return c.staff(c.roPreview) }},
	route{"POST /admin/roster/confirm", func(c *Console) http.Handler { return c.staff(c.roConfirm) }},
)

var _ = addNav(navItem{Path: "/admin/roster", Key: "ro_nav", Order: 50})

var _ = addText(texts{
	"ro_nav":            {"学生名单导入", "Roster import"},
	"ro_intro":          {"上传服务大厅的完整学生名单（CSV 或 Excel .xlsx）。确认之前不会写入任何内容：先预览新增、变更和移除的学生，以及被拒绝的行。", "Upload the hall's whole student roster (CSV or Excel .xlsx). Nothing is written until you confirm: first you see who is new, changed and removed, and which lines are rejected."},
	"ro_columns":        {"列名可用中文或英文：学号、姓名、卡号、楼栋、楼层、角色（学生、志愿者）。CSV 可为 UTF-8（含或不含 BOM）或 Excel 中文版保存的 GB18030 编码。", "Column names in Chinese or English: student number, name, card, building, floor, role (student, volunteer). A CSV may be UTF-8 (with or without a BOM) or GB18030 as a Chinese Excel saves it."},
	"ro_show":           {"查看", "Show"},
	"ro_current":        {"当前名单人数：", "Students on the roster now: "},
	"ro_file":           {"名单文件（CSV 或 .xlsx，最大 10 MB）", "Roster file (CSV or .xlsx, up to 10 MB)"},
	"ro_upload":         {"上传并预览", "Upload and preview"},
	"ro_no_file":        {"请选择一个文件。", "Choose a file."},
	"ro_too_big":        {"文件超过 10 MB，请拆分或删去多余的列后再上传。", "The file is over 10 MB; split it or remove extra columns and upload it again."},
	"ro_preview":        {"预览：", "Preview: "},
	"ro_file_name":      {"文件：", "File: "},
	"ro_new":            {"新增", "New"},
	"ro_changed":        {"变更", "Changed"},
	"ro_removed":        {"移除", "Removed"},
	"ro_unchanged":      {"不变", "Unchanged"},
	"ro_rejected":       {"被拒绝的行", "Rejected lines"},
	"ro_counts_caption": {"导入后名单的变化", "What the import changes"},
	"ro_line":           {"行号", "Line"},
	"ro_problem":        {"问题", "What is wrong"},
	"ro_more":           {"另有 {n} 行未列出。", "{n} more not listed."},
	"ro_rejected_note":  {"被拒绝的行不会导入；这些行里的学生若已在名单上，将保持原样，不会被移除。", "Rejected lines are not imported; a student of such a line who is on the roster stays as they are and is not removed."},
	"ro_removed_list":   {"将被移除的学生", "Students to be removed"},
	"ro_name":           {"姓名", "Name"},
	"ro_building":       {"楼栋", "Building"},
	"ro_floor":          {"楼层", "Floor"},
	"ro_pins_ignored":   {"文件中的 PIN 列未被导入：学生在自助机上自行设置 PIN。", "The file's PIN column is not imported: students set their PIN on the kiosk."},
	"ro_keeps_cards":    {"文件中没有卡号列：已在名单上的学生保留原有卡号。", "The file has no card column: students on the roster keep their cards."},
	"ro_keeps_roles":    {"文件中没有角色列：已在名单上的学生保留原有角色，新学生为“学生”。", "The file has no role column: students on the roster keep their roles; new ones are students."},
	"ro_nothing":        {"这个文件不会改变名单。", "This file changes nothing on the roster."},
	"ro_confirm":        {"确认导入", "Confirm the import"},
	"ro_expires":        {"预览保留 30 分钟。", "The preview is kept for 30 minutes."},
	"ro_again":          {"上传其他文件", "Upload another file"},
	"ro_done":           {"已导入 {file}：新增 {new}，变更 {changed}，移除 {removed}。", "Imported {file}: {new} new, {changed} changed, {removed} removed."},
	"ro_expired":        {"这个预览已过期或不属于你的账号，请重新上传文件。", "This preview has expired or is not yours; upload the file again."},
	"ro_stale":          {"预览之后名单已被修改（可能有人同时导入了名单），未写入任何内容。下面是同一文件按当前名单重新生成的预览，请核对后再确认。", "The roster changed after this preview (someone may have imported meanwhile); nothing was written. Below is a new preview of the same file against the roster as it is now: check it and confirm again."},
	"ro_card_taken":     {"文件中有卡号已属于另一名学生（可能在其他服务大厅，或两名学生互换了卡），未写入任何内容。请核对卡号后重新上传。", "A card in the file already belongs to another student (perhaps of another hall, or two students swapped cards); nothing was written. Check the cards and upload the file again."},
	"ro_no_halls":       {"还没有可导入名单的服务大厅。", "There is no hall to import a roster into yet."},
	// What is wrong with a line ({v}: the value at fault).
	"ro_p_number_missing":   {"缺少学号", "No student number"},
	"ro_p_number_invalid":   {"学号“{v}”应为 4–20 位数字", "Student number “{v}” must be 4 to 20 digits"},
	"ro_p_number_duplicate": {"学号与第 {v} 行重复", "Same student number as line {v}"},
	"ro_p_card_duplicate":   {"卡号与第 {v} 行重复", "Same card as line {v}"},
	"ro_p_name_missing":     {"缺少姓名", "No name"},
	"ro_p_building_missing": {"缺少楼栋", "No building"},
	"ro_p_building_unknown": {"楼栋“{v}”不属于这个服务大厅", "Building “{v}” is not one of this hall's"},
	"ro_p_floor_invalid":    {"楼层“{v}”不是有效的数字", "Floor “{v}” is not a valid number"},
	"ro_p_floor_above":      {"楼层高于该楼栋的 {v} 层", "Floor above the building's {v} floors"},
	"ro_p_role_unknown":     {"未知角色“{v}”（可用：学生、志愿者）", "Unknown role “{v}” (use student or volunteer)"},
	"ro_p_pin_length":       {"PIN 应为 4–12 位", "A PIN must have 4 to 12 characters"},
	"ro_p_card_other_hall":  {"该卡号属于其他服务大厅的学生", "The card belongs to a student of another hall"},
	"ro_p_not_text":         {"含有空字符（NUL），请另存为 CSV UTF-8", "Holds a NUL character; save the file as CSV UTF-8"},
	"ro_p_other_hall":       {"该学生在其他服务大厅的名单上", "The student is on another hall's roster"},
	"ro_p_file_csv":         {"CSV 格式错误（{v}）", "Not valid CSV ({v})"},
	"ro_p_file_xlsx":        {"无法读取这个 .xlsx 文件", "This .xlsx file cannot be read"},
	"ro_p_file_no_number":   {"表头中没有学号列", "The header has no student number column"},
	"ro_p_file_too_long":    {"文件行数过多", "The file has too many lines"},
	"ro_p_line":             {"第 {line} 行：", "Line {line}: "},
})

const (
	// roMaxUpload caps an uploaded file: 50,000 students are about 3 MB
	// of CSV.
	roMaxUpload = 10 << 20
	// roTTL is how long a preview waits for its confirmation.
	roTTL = 30 * time.Minute
	// roListMax caps the rejected lines and removed students listed.
	roListMax = 500
)

type roProblemRow struct {
	Line int
	Text string
}

type roStudentRow struct {
	Name, Building string
	Floor          int
}

type roPreviewView struct {
	Token, File                                string
	New, Changed, Removed, Unchanged, Rejected int
	Problems                                   []roProblemRow
	MoreProblems                               string
	RemovedRows                                []roStudentRow
	MoreRemoved                                string
	PINs, Nothing, KeepsCards, KeepsRoles      bool
}

type roView struct {
	view
	Halls          []hallOption
	Hall, HallName string
	Current        int
	FileErr        string
	Preview        *roPreviewView
}

func (c *Console) roPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.roView(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, http.StatusOK, "ro_roster.html", v)
}

// roView is the page for ?hall= ("" picks the admin's first hall they
// may change); another hall's id is EFORBIDDEN, an unknown one
// ENOTFOUND.
func (c *Console) roView(r *http.Request, a central.AdminAccount) (roView, error) {
	v := roView{view: newView(r, &a, "ro_nav")}
	v.Self = "/admin/roster"
	all, seen, err := c.halls(r, v.view, a)
	if err != nil {
		return v, err
	}
	for _, h := range seen {
		if h.Changes {
			v.Halls = append(v.Halls, hallOption{ID: h.ID, Name: h.Name})
		}
	}
	hall := r.URL.Query().Get("hall")
	if hall == "" && len(v.Halls) > 0 {
		hall = v.Halls[0].ID
	}
	h, ok := all[hall]
	switch {
	case hall == "":
		return v, nil
	case !ok:
		return v, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no hall %s", hall)
	}
	if err := mayChange(a, hall); err != nil {
		return v, err
	}
	// Self stays the bare path: the header appends ?lang= to it.
	v.Hall, v.HallName = h.ID, h.Name
	cur, err := c.store.HallRoster(r.Context(), hall)
	v.Current = len(cur)
	return v, err
}

// roPreview reads the uploaded file and shows what it would change.
func (c *Console) roPreview(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.roView(r, a)
	if err != nil || v.Hall == "" {
		c.fail(w, r, cmp.Or(err, forbidden(a, "a roster import without a hall")))
		return
	}
	name, data, status, msg := roUpload(w, r, v.T)
	if msg != "" {
		v.FileErr, v.Error = msg, v.T["fix_errors"]
		c.render(w, status, "ro_roster.html", v)
		return
	}
	f, err := roster.Parse(name, data)
	if err != nil {
		var p *roster.Problem
		if !errors.As(err, &p) {
			c.fail(w, r, err)
			return
		}
		v.FileErr, v.Error = roProblemText(v.T, *p), v.T["fix_errors"]
		c.render(w, http.StatusBadRequest, "ro_roster.html", v)
		return
	}
	rf, err := c.roRead(r, v.Hall, name, f)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.roOffer(w, r, a, v, rf, http.StatusOK, "")
}

// roUpload is the uploaded file's name and bytes, or the status and the
// message of the field's error.
func roUpload(w http.ResponseWriter, r *http.Request, t map[string]string) (name string, data []byte, status int, msg string) {
	// Room for the form's own parts around the file.
	r.Body = http.MaxBytesReader(w, r.Body, roMaxUpload+64<<10)
	if err := r.ParseMultipartForm(roMaxUpload + 64<<10); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return "", nil, http.StatusRequestEntityTooLarge, t["ro_too_big"]
		}
		return "", nil, http.StatusBadRequest, t["ro_no_file"]
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, http.StatusBadRequest, t["ro_no_file"]
	}
	defer file.Close()
	data, err = io.ReadAll(io.LimitReader(file, roMaxUpload+1))
	switch {
	case err != nil:
		return "", nil, http.StatusBadRequest, t["ro_no_file"]
	case len(data) > roMaxUpload:
		return "", nil, http.StatusRequestEntityTooLarge, t["ro_too_big"]
	case len(data) == 0:
		return "", nil, http.StatusBadRequest, t["ro_no_file"]
	}
	// The name goes to the audit log: the base name, as valid text.
	name = strings.ToValidUTF8(path.Base(strings.ReplaceAll(hdr.Filename, `\`, "/")), "?")
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	return name, data, 0, ""
}

// roFile is an uploaded file as the preview read it: its accepted
// students hashed, with their lines, and its rejected lines. A pending
// preview keeps it, so a confirmation that finds the roster changed can
// preview the same file again.
type roFile struct {
	Name     string
	Students []central.Student
	Lines    []int
	// Problems are the rejected lines without their plain student
	// numbers: the preview is stored, and central stores no number.
	Problems []roster.Problem
	Keep     map[string]bool // keys of the rejected lines' students
	PINs     bool
	Columns  map[string]bool
}

// roSaved is a pending preview as the store keeps it.
type roSaved struct {
	File   roFile
	Change central.RosterChange
}

// roRead checks the file's buildings against the hall's and hashes its
// students; the plain numbers and names go no further.
func (c *Console) roRead(r *http.Request, hall, name string, f roster.File) (roFile, error) {
	ctx := r.Context()
	bs, err := c.store.BoardBuildings(ctx)
	if err != nil {
		return roFile{}, err
	}
	floors := map[string]int{}
	for _, b := range bs {
		if b.HallID == hall {
			floors[b.ID] = b.Floors
		}
	}
	f.CheckBuildings(func(id string) (int, bool) { n, ok := floors[id]; return n, ok })
	salt, err := c.store.Salt(ctx)
	if err != nil {
		return roFile{}, err
	}
	rf := roFile{Name: name, Keep: map[string]bool{}, PINs: f.PINs, Columns: f.Columns}
	for _, row := range f.Rows {
		row.Entry.PIN = "" // see ro_pins_ignored
		s, err := admin.RosterStudent(salt, row.Entry)
		if err != nil {
			return roFile{}, err
		}
		rf.Students, rf.Lines = append(rf.Students, s), append(rf.Lines, row.Line)
	}
	for _, p := range f.Problems {
		if p.Number != "" {
			rf.Keep[kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, p.Number)] = true
		}
		p.Number = ""
		if p.Code == roster.NumberInvalid {
			// Perhaps a real number mistyped, and the preview is
			// stored: masked like a name; the line number finds it.
			p.Value = kiosk.MaskName(p.Value)
		}
		rf.Problems = append(rf.Problems, p)
	}
	return rf, nil
}

// roCompare is what the file would change on the hall's roster as it is
// now; the students on other halls' rosters become rejected lines.
func (c *Console) roCompare(r *http.Request, v roView, rf roFile) (roPreviewView, central.RosterChange, error) {
	ctx := r.Context()
	keys := make([]string, len(rf.Students))
	for i, s := range rf.Students {
		keys[i] = s.Key
	}
	halls, err := c.store.StudentHalls(ctx, keys)
	if err != nil {
		return roPreviewView{}, central.RosterChange{}, err
	}
	var cardKeys []string
	for _, s := range rf.Students {
		if s.CardKey != "" {
			cardKeys = append(cardKeys, s.CardKey)
		}
	}
	cards, err := c.store.CardHalls(ctx, cardKeys)
	if err != nil {
		return roPreviewView{}, central.RosterChange{}, err
	}
	problems := slices.Clone(rf.Problems)
	var kept []central.Student
	for i, s := range rf.Students {
		code := ""
		if h, ok := halls[s.Key]; ok && h != v.Hall {
			code = roster.OtherHall
		} else if h, ok := cards[s.CardKey]; ok && h != v.Hall {
			code = roster.CardOtherHall
		}
		if code != "" {
			problems = append(problems, roster.Problem{Line: rf.Lines[i], Code: code})
			continue
		}
		kept = append(kept, s)
	}
	slices.SortStableFunc(problems, func(x, y roster.Problem) int { return x.Line - y.Line })
	current, err := c.store.HallRoster(ctx, v.Hall)
	if err != nil {
		return roPreviewView{}, central.RosterChange{}, err
	}
	byKey := make(map[string]central.Student, len(current))
	for _, s := range current {
		byKey[s.Key] = s
	}
	// What the file does not say stays as it is.
	for i, s := range kept {
		if o, ok := byKey[s.Key]; ok {
			if !rf.Columns["card"] {
				kept[i].CardKey = o.CardKey
			}
			if !rf.Columns["role"] {
				kept[i].Roles = o.Roles
			}
		}
	}
	change := central.DiffRoster(current, kept, rf.Keep)
	change.File = rf.Name
	p := roPreviewView{File: rf.Name, New: len(change.New), Changed: len(change.Changed), Removed: len(change.Removed),
		Unchanged: len(kept) - len(change.New) - len(change.Changed), Rejected: len(problems), PINs: rf.PINs,
		KeepsCards: !rf.Columns["card"], KeepsRoles: !rf.Columns["role"]}
	p.Nothing = p.New+p.Changed+p.Removed == 0
	for _, pr := range problems[:min(len(problems), roListMax)] {
		p.Problems = append(p.Problems, roProblemRow{Line: pr.Line, Text: roProblemText(v.T, roster.Problem{Code: pr.Code, Value: pr.Value})})
	}
	if n := len(problems) - roListMax; n > 0 {
		p.MoreProblems = strings.ReplaceAll(v.T["ro_more"], "{n}", strconv.Itoa(n))
	}
	names, err := c.roBuildingNames(r, v)
	if err != nil {
		return roPreviewView{}, central.RosterChange{}, err
	}
	for _, k := range change.Removed[:min(len(change.Removed), roListMax)] {
		s := byKey[k]
		p.RemovedRows = append(p.RemovedRows, roStudentRow{Name: s.MaskedName, Building: cmp.Or(names[s.BuildingID], s.BuildingID), Floor: s.Floor})
	}
	if n := len(change.Removed) - roListMax; n > 0 {
		p.MoreRemoved = strings.ReplaceAll(v.T["ro_more"], "{n}", strconv.Itoa(n))
	}
	return p, change, nil
}

// roBuildingNames are the hall's building names in the view's language.
func (c *Console) roBuildingNames(r *http.Request, v roView) (map[string]string, error) {
	bs, err := c.store.BoardBuildings(r.Context())
	names := map[string]string{}
	for _, b := range bs {
		if b.HallID == v.Hall {
			names[b.ID] = v.localName(b.Name)
		}
	}
	return names, err
}

// roOffer shows the preview of rf against the roster now and keeps it
// for the confirmation; status and message say why it is shown again.
func (c *Console) roOffer(w http.ResponseWriter, r *http.Request, a central.AdminAccount, v roView, rf roFile, status int, msg string) {
	p, change, err := c.roCompare(r, v, rf)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if !p.Nothing {
		if p.Token, err = c.roSave(r, a.Name, v.Hall, rf, change); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	v.Preview, v.Error = &p, msg
	c.render(w, status, "ro_roster.html", v)
}

// roProblemText is a problem in the admin's language, its line first
// when it has one.
func roProblemText(t map[string]string, p roster.Problem) string {
	s, ok := t["ro_p_"+p.Code]
	if !ok {
		s = t["error"]
	}
	s = strings.ReplaceAll(s, "{v}", p.Value)
	if p.Line > 0 {
		s = strings.ReplaceAll(t["ro_p_line"], "{line}", strconv.Itoa(p.Line)) + s
	}
	return s
}

// roSave keeps a preview in the store under a new token, in place of
// the admin's earlier preview for the hall.
func (c *Console) roSave(r *http.Request, adminName, hall string, rf roFile, change central.RosterChange) (string, error) {
	b := make([]byte, 16) // 128 bits
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	data, err := json.Marshal(roSaved{File: rf, Change: change})
	if err != nil {
		return "", err
	}
	return token, c.store.PutRosterPreview(r.Context(), central.RosterPreview{TokenHash: central.HashSecret(token),
		Admin: adminName, HallID: hall, Expires: c.clock.Now().Add(roTTL), Data: data})
}

// roTake removes and returns the admin's unexpired preview of token;
// ok is false for none.
func (c *Console) roTake(r *http.Request, adminName, token string) (hall string, saved roSaved, ok bool, err error) {
	if token == "" {
		return "", saved, false, nil
	}
	p, err := c.store.TakeRosterPreview(r.Context(), central.HashSecret(token), adminName)
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		return "", saved, false, nil
	}
	if err == nil {
		err = json.Unmarshal(p.Data, &saved)
	}
	return p.HallID, saved, err == nil, err
}

// roConfirm applies a preview, exactly as it was shown.
func (c *Console) roConfirm(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	hall, p, ok, err := c.roTake(r, a.Name, r.PostFormValue("token"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if ok {
		// The admin's role or hall may have changed since the preview.
		if err := mayChange(a, hall); err != nil {
			c.fail(w, r, err)
			return
		}
		q := r.URL.Query()
		q.Set("hall", hall)
		r.URL.RawQuery = q.Encode()
	}
	v, err := c.roView(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if !ok {
		v.Error = v.T["ro_expired"]
		c.render(w, http.StatusBadRequest, "ro_roster.html", v)
		return
	}
	err = c.store.ApplyRoster(r.Context(), hall, p.Change)
	switch {
	case errors.Is(err, central.ErrRosterChanged):
		c.roOffer(w, r, a, v, p.File, http.StatusConflict, v.T["ro_stale"])
		return
	case kiosk.ErrorCode(err) == kiosk.ECONFLICT:
		v.Error = v.T["ro_card_taken"]
		c.render(w, http.StatusConflict, "ro_roster.html", v)
		return
	case err != nil:
		c.fail(w, r, err)
		return
	}
	if v, err = c.roView(r, a); err != nil {
		c.fail(w, r, err)
		return
	}
	v.Notice = strings.NewReplacer("{file}", p.Change.File, "{new}", strconv.Itoa(len(p.Change.New)),
		"{changed}", strconv.Itoa(len(p.Change.Changed)), "{removed}", strconv.Itoa(len(p.Change.Removed))).Replace(v.T["ro_done"])
	c.render(w, http.StatusOK, "ro_roster.html", v)
}
