package console

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/update"
)

// Software updates (issue 12): the signed kiosk releases published, the
// upload of a new one, and each channel's rollout (canary ring, then
// every kiosk; per-kiosk version pins). Releases are the campus's, so
// only a campus admin publishes or rolls out; hall staff see the list
// and their own kiosks' part of the rollout. Central never vouches for a
// release: the kiosks check the signature.

var _ = addRoutes(
	route{"GET /admin/releases", func(c *Console) http.Handler { return c.staff(c.rlPage) }},
	route{"POST /admin/releases/publish", func(c *Console) http.Handler { return c.staff(c.rlPublish) }},
	route{"POST /admin/releases/rollout", func(c *Console) http.Handler { return c.staff(c.rlRollout) }},
)

var _ = addNav(navItem{Path: "/admin/releases", Key: "rl_nav", Order: 85})

var _ = addText(texts{
	"rl_nav":   {"软件更新", "Software updates"},
	"rl_title": {"自助机软件更新", "Kiosk software updates"},
	"rl_hint": {"发布由离线发布密钥签名的版本：自助机只安装签名、渠道、序号、有效期与安装包校验都通过的版本，中心服务器只负责保存和分发。",
		"Releases are signed with the offline release key: a kiosk installs one only if its signature, channel, sequence, expiry and package checksum all check out; central only stores and hands them out."},
	"rl_releases":       {"已发布的版本", "Published releases"},
	"rl_seq":            {"序号", "Seq"},
	"rl_channel":        {"渠道", "Channel"},
	"rl_versions":       {"各平台版本", "Versions by platform"},
	"rl_published_at":   {"发布时间", "Published"},
	"rl_expires":        {"有效期至", "Valid until"},
	"rl_stage":          {"推送范围", "Rollout"},
	"rl_stage_canary":   {"仅金丝雀组", "Canary ring only"},
	"rl_stage_all":      {"全部自助机", "Every kiosk"},
	"rl_superseded":     {"已被更新版本取代", "Superseded"},
	"rl_expired":        {"已过期，自助机不会再安装", "expired: kiosks install nothing from it"},
	"rl_none":           {"还没有发布过版本。", "No release has been published yet."},
	"rl_publish":        {"发布新版本", "Publish a release"},
	"rl_publish_hint":   {"上传签名后的清单、它的 minisign 签名文件，以及清单列出的每个安装包（文件名须与清单一致）。合计不超过 %s。", "Upload the signed manifest, its minisign signature file and every package it lists (named as it names them), %s in all at most."},
	"rl_manifest":       {"清单（manifest）", "Manifest"},
	"rl_sig":            {"签名文件（.minisig）", "Signature file (.minisig)"},
	"rl_packages":       {"安装包（可多选）", "Packages (choose several)"},
	"rl_publish_button": {"发布", "Publish"},
	"rl_published":      {"渠道 %s 的第 %d 号版本已发布，已发往所有大厅。", "Release %[2]d of channel %[1]s is published and on its way to every hall."},
	"rl_need_files":     {"请选择清单和签名文件。", "Choose the manifest and its signature file."},
	"rl_too_big":        {"上传的文件太大（合计最多 %s）。", "The upload is too large (%s in all at most)."},
	"rl_bad_file":       {"无法读取上传的文件 %s。", "The uploaded file %s could not be read."},
	"rl_duplicate":      {"有两个安装包都叫 %s。", "Two packages are named %s."},
	"rl_rollout":        {"渠道 %s 的推送：第 %d 号版本", "Rollout of channel %s: release %d"},
	"rl_rollout_hint":   {"先只推送给金丝雀组，确认无误后再推送给全部自助机。锁定版本的自助机不会安装比锁定版本更新的版本。", "Send a release to the canary ring first, then to every kiosk once it proves itself. A pinned kiosk installs nothing newer than its pin."},
	"rl_stage_pick":     {"推送范围", "Send to"},
	"rl_ring":           {"金丝雀组", "Canary ring"},
	"rl_in_ring":        {"%s 加入金丝雀组", "%s in the canary ring"},
	"rl_pin":            {"锁定版本", "Pin to version"},
	"rl_pin_of":         {"%s 的锁定版本", "Version pin of %s"},
	"rl_running":        {"运行版本", "Running"},
	"rl_accepted":       {"已接受清单", "Manifest accepted"},
	"rl_rollout_button": {"保存推送设置", "Save the rollout"},
	"rl_rolled_out":     {"渠道 %s 的推送设置已保存，已发往所有大厅。", "The rollout of channel %s is saved and on its way to every hall."},
	"rl_campus_only":    {"只有全校管理员可以发布版本或更改推送设置。", "Only a campus admin can publish releases or change a rollout."},
	"rl_no_kiosks":      {"没有可推送的自助机。", "No kiosk to roll out to."},
	"rl_no_channel":     {"该渠道还没有发布过版本。", "No release of this channel has been published."},
})

// rlMaxUpload caps one publish upload: a release for two platforms at
// the largest package size, with the manifest and signature.
var rlMaxUpload int64 = 2*update.MaxPackage + update.MaxManifest + central.MaxReleaseSig + 64<<10

type rlRow struct {
	Seq                                     int64
	Channel, Versions, PublishedAt, Expires string
	Stage                                   string
	Canary                                  bool
	Expired                                 bool // kiosks install nothing from it any more
}

type rlKiosk struct {
	ID, Name, Hall, Version, Pin string
	ManifestSeq                  int64
	InRing                       bool
}

type rlChannel struct {
	Channel, Title string
	Seq            int64
	Canary         bool
	Kiosks         []rlKiosk
}

type rlView struct {
	view
	CanChange              bool
	Releases               []rlRow
	Channels               []rlChannel
	PublishHint, FormErr   string
	RolloutErr, ErrChannel string
}

// rlPage lists the releases and each channel's rollout.
func (c *Console) rlPage(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	v, err := c.rlView(r, a)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	if seq, err := strconv.ParseInt(q.Get("published"), 10, 64); err == nil {
		for _, rl := range v.Releases {
			if rl.Seq == seq && rl.Channel == q.Get("channel") {
				v.Notice = fmt.Sprintf(v.T["rl_published"], rl.Channel, rl.Seq)
			}
		}
	}
	if ch := q.Get("rolled"); ch != "" && slices.ContainsFunc(v.Channels, func(x rlChannel) bool { return x.Channel == ch }) {
		v.Notice = fmt.Sprintf(v.T["rl_rolled_out"], ch)
	}
	c.render(w, http.StatusOK, "rl_releases.html", v)
}

func (c *Console) rlView(r *http.Request, a central.AdminAccount) (rlView, error) {
	v := rlView{view: newView(r, &a, "rl_title"), CanChange: a.Role == central.RoleCampus}
	v.Self = "/admin/releases"
	v.PublishHint = fmt.Sprintf(v.T["rl_publish_hint"], sizeText(rlMaxUpload))
	all, _, err := c.halls(r, v.view, a)
	if err != nil {
		return v, err
	}
	rs, err := c.store.Releases(r.Context())
	if err != nil {
		return v, err
	}
	ks, err := c.store.Kiosks(r.Context())
	if err != nil {
		return v, err
	}
	latest := map[string]bool{}
	for _, rel := range rs {
		row := rlRow{Seq: rel.Seq, Channel: rel.Channel, Versions: versions(rel.Manifest),
			PublishedAt: when(v.T, nil, rel.PublishedAt), Expires: when(v.T, nil, rel.Manifest.Expires),
			Expired: !c.clock.Now().Before(rel.Manifest.Expires)}
		switch {
		case latest[rel.Channel]:
			row.Stage = v.T["rl_superseded"]
		case rel.Stage == update.StageCanary:
			row.Stage, row.Canary = v.T["rl_stage_canary"], true
		default:
			row.Stage = v.T["rl_stage_all"]
		}
		v.Releases = append(v.Releases, row)
		if latest[rel.Channel] {
			continue
		}
		latest[rel.Channel] = true
		ch := rlChannel{Channel: rel.Channel, Seq: rel.Seq, Canary: rel.Stage == update.StageCanary,
			Title: fmt.Sprintf(v.T["rl_rollout"], rel.Channel, rel.Seq)}
		for _, k := range ks {
			// A revoked kiosk updates no more; another hall's is not this
			// admin's to see.
			if !k.RevokedAt.IsZero() || !a.Sees(k.HallID) {
				continue
			}
			ch.Kiosks = append(ch.Kiosks, rlKiosk{ID: k.ID, Name: k.Name, Hall: all[k.HallID].Name, Version: k.Health.Version,
				ManifestSeq: k.Health.ManifestSeq, Pin: rel.Pins[k.ID], InRing: slices.Contains(rel.Canary, k.ID)})
		}
		slices.SortFunc(ch.Kiosks, func(x, y rlKiosk) int { return strings.Compare(x.Hall+x.Name+x.ID, y.Hall+y.Name+y.ID) })
		v.Channels = append(v.Channels, ch)
	}
	slices.SortFunc(v.Channels, func(x, y rlChannel) int { return strings.Compare(x.Channel, y.Channel) })
	return v, nil
}

// versions is a manifest's packages as "linux/amd64 1.5.0", by platform.
func versions(m update.Manifest) string {
	var out []string
	for platform, p := range m.Packages {
		out = append(out, platform+" "+p.Version)
	}
	slices.Sort(out)
	return strings.Join(out, " · ")
}

// sizeText is a byte count in MiB for the hint.
func sizeText(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

// rlPublish takes the upload (multipart: manifest, sig, packages) and
// publishes it; a refusal shows on the page, translated.
func (c *Console) rlPublish(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	if a.Role != central.RoleCampus {
		c.fail(w, r, forbidden(a, "publishing a release"))
		return
	}
	t := text[lang(r)]
	manifest, sig, pkgs, status, msg := rlUpload(w, r, t)
	var rel central.Release
	var err error
	if status == 0 {
		rel, err = c.store.PublishRelease(r.Context(), manifest, sig, pkgs)
		var ke *kiosk.Error
		switch {
		case errors.As(err, &ke) && ke.Code != kiosk.EUNAVAILABLE && ke.Code != kiosk.EINTERNAL:
			status = http.StatusBadRequest
		case err != nil:
			c.fail(w, r, err)
			return
		}
	}
	if status != 0 {
		v, verr := c.rlView(r, a)
		if verr != nil {
			c.fail(w, r, verr)
			return
		}
		v.FormErr, v.Error = msg, v.T["fix_errors"]
		if err != nil {
			v.FormErr = v.Message(err)
		}
		c.render(w, status, "rl_releases.html", v)
		return
	}
	c.log.Info("release published", "channel", rel.Channel, "seq", rel.Seq, "admin", a.Name)
	http.Redirect(w, r, "/admin/releases?"+url.Values{"lang": {lang(r)}, "published": {strconv.FormatInt(rel.Seq, 10)},
		"channel": {rel.Channel}}.Encode(), http.StatusSeeOther)
}

// rlUpload reads the publish form, every part capped: the status and
// message of what is wrong with it, else 0.
func rlUpload(w http.ResponseWriter, r *http.Request, t map[string]string) (manifest, sig []byte, pkgs map[string][]byte, status int, msg string) {
	tooBig := fmt.Sprintf(t["rl_too_big"], sizeText(rlMaxUpload))
	r.Body = http.MaxBytesReader(w, r.Body, rlMaxUpload)
	// Parts past 32 MiB wait in temporary files, removed below.
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, nil, nil, http.StatusRequestEntityTooLarge, tooBig
		}
		return nil, nil, nil, http.StatusBadRequest, t["rl_need_files"]
	}
	defer r.MultipartForm.RemoveAll()
	read := func(h *multipart.FileHeader, limit int64) ([]byte, string) {
		name := strings.ToValidUTF8(path.Base(strings.ReplaceAll(h.Filename, `\`, "/")), "?")
		f, err := h.Open()
		if err != nil {
			return nil, fmt.Sprintf(t["rl_bad_file"], name)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil || int64(len(b)) > limit {
			return nil, fmt.Sprintf(t["rl_bad_file"], name)
		}
		return b, ""
	}
	one := func(field string, limit int64) ([]byte, string) {
		hs := r.MultipartForm.File[field]
		if len(hs) != 1 || hs[0].Size == 0 {
			return nil, t["rl_need_files"]
		}
		return read(hs[0], limit)
	}
	if manifest, msg = one("manifest", update.MaxManifest); msg != "" {
		return nil, nil, nil, http.StatusBadRequest, msg
	}
	if sig, msg = one("sig", central.MaxReleaseSig); msg != "" {
		return nil, nil, nil, http.StatusBadRequest, msg
	}
	pkgs = map[string][]byte{}
	for _, h := range r.MultipartForm.File["packages"] {
		name := path.Base(strings.ReplaceAll(h.Filename, `\`, "/"))
		if _, ok := pkgs[name]; ok {
			return nil, nil, nil, http.StatusBadRequest, fmt.Sprintf(t["rl_duplicate"], strings.ToValidUTF8(name, "?"))
		}
		b, msg := read(h, update.MaxPackage)
		if msg != "" {
			return nil, nil, nil, http.StatusBadRequest, msg
		}
		pkgs[name] = b
	}
	return manifest, sig, pkgs, 0, ""
}

// rlRollout saves a channel's rollout: the stage, the ring's kiosks
// (checkboxes "canary") and each kiosk's pin ("pin.<kiosk id>", empty
// for none).
func (c *Console) rlRollout(w http.ResponseWriter, r *http.Request, a central.AdminAccount) {
	if a.Role != central.RoleCampus {
		c.fail(w, r, forbidden(a, "a release rollout"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		c.fail(w, r, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "rollout form: %v", err))
		return
	}
	channel := r.PostForm.Get("channel")
	pins := map[string]string{}
	for k, vs := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "pin."); ok && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			pins[id] = strings.TrimSpace(vs[0])
		}
	}
	err := c.store.SetRollout(r.Context(), channel, r.PostForm.Get("stage"), r.PostForm["canary"], pins)
	if ke := (*kiosk.Error)(nil); errors.As(err, &ke) && (ke.Code == kiosk.EINVALID || ke.Code == kiosk.ENOTFOUND) {
		v, verr := c.rlView(r, a)
		if verr != nil {
			c.fail(w, r, verr)
			return
		}
		v.Error, v.RolloutErr, v.ErrChannel = v.T["fix_errors"], v.Message(err), channel
		// The form shows what the admin sent, to correct, not what is stored.
		for i := range v.Channels {
			if ch := &v.Channels[i]; ch.Channel == channel {
				ch.Canary = r.PostForm.Get("stage") == update.StageCanary
				for j := range ch.Kiosks {
					k := &ch.Kiosks[j]
					k.InRing, k.Pin = slices.Contains(r.PostForm["canary"], k.ID), r.PostForm.Get("pin."+k.ID)
				}
			}
		}
		if ke.Code == kiosk.ENOTFOUND {
			// No section of its own to show it in: a forged or stale form.
			v.Error, v.RolloutErr = v.T["rl_no_channel"], ""
		}
		c.render(w, http.StatusBadRequest, "rl_releases.html", v)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.log.Info("release rollout", "channel", channel, "stage", r.PostForm.Get("stage"), "admin", a.Name)
	http.Redirect(w, r, "/admin/releases?"+url.Values{"lang": {lang(r)}, "rolled": {channel}}.Encode(), http.StatusSeeOther)
}
