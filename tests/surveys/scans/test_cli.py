"""flask scans read: one JSON object per page, in file order, broken files included."""

import json


def test_scans_read_prints_every_page_of_every_file_as_json(app, form, tmp_path):
    (tmp_path / "form.pdf").write_bytes(form.pdf)
    (tmp_path / "leeg.pdf").write_bytes(b"")
    (tmp_path / "layout.json").write_text(json.dumps(form.layout), encoding="utf-8")
    args = ["scans", "read", str(tmp_path / "leeg.pdf"), str(tmp_path / "form.pdf")]
    args += ["--layout", str(tmp_path / "layout.json"), "--json", "--crops", str(tmp_path / "c")]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    readings = json.loads(result.output)
    assert [(r["file"], r["page"]) for r in readings] == [("leeg.pdf", 0)] + [
        ("form.pdf", n) for n in range(1, len(form.pages) + 1)
    ]
    assert readings[0]["status"] == "empty_file"
    assert readings[0]["message"] == "Het bestand is leeg (0 bytes)."
    page = readings[1]
    assert page["status"] == "read" and page["qr"].startswith("CF1.")
    assert set(page["transformation"]) >= {"matrix", "rotation", "scale"}
    box = page["boxes"][0]
    assert set(box) >= {"question", "option", "kind", "fill", "state", "confidence"}
    assert all(b["state"] == "empty" for r in readings[1:] for b in r["boxes"])
    crops = [b["crop"] for r in readings for b in r["boxes"] if "crop" in b]
    assert crops and (tmp_path / "c").is_dir()
