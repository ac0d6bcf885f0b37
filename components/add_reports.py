"""The "Add reports" page: upload report files or paste a text, then update the map.

Each file is checked by ``geo.intake`` with the build's own reading rules; a bad one gets its
one-line error beside its name and is not saved. Good ones are saved into the reports folder
(a report with the same id is replaced only when the analyst ticks "replace"), then the layer
is rebuilt incrementally (only the new reports are parsed) with a progress bar.
Every name and value shown here comes from outside and is escaped (``components.safe``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from components import feeds_panel, layer_data, safe
from components.settings import Settings, load_settings
from geo.errors import ConflictMapError
from geo.intake import Checked, check_upload, existing_report, pasted_report, save_report
from geo.limits import MAX_UPLOAD_BYTES

UPLOAD_KEY = "add_reports_files"
#: Streamlit's own upload limit (MB), so a too-big file is refused before it is sent.
UPLOAD_MB = max(1, math.ceil(MAX_UPLOAD_BYTES / (1024 * 1024)))


def page() -> None:
    """The page: where reports go, the upload, the paste form, the feeds."""
    settings = load_settings()
    st.title("Add reports", anchor=False)
    if settings.reports is None:
        st.info("This dashboard shows a layer without a reports folder "
                "(`CONFLICT_MAP_REPORTS` is empty), so there is nowhere to add reports.")
        return
    st.caption(f"Reports are saved in `{settings.reports}` and checked with the same rules as "
               f"`python -m geo build`. Files up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB: .md or "
               ".txt with front matter (outlet, published, title, url), or .html pages.")
    upload, paste, feeds = st.tabs(["Upload files", "Paste a text", "Feeds"])
    with upload:
        _upload_tab(settings)
    with paste:
        _paste_tab(settings)
    with feeds:
        feeds_panel.render_feeds(settings, rebuild=lambda: rebuild_with_progress(settings))


def _upload_tab(settings: Settings) -> None:
    files = st.file_uploader("Report files", type=["md", "txt", "html", "htm"],
                             accept_multiple_files=True, key=UPLOAD_KEY,
                             max_upload_size=UPLOAD_MB)
    if not files:
        return
    checked = [check_upload(f.name, f.getvalue()) for f in files]
    replace = _show_checked(checked, settings.reports)  # type: ignore[arg-type]
    good = [c for c in checked if c.ok and (c.report_id in replace or not _clash(c, settings))]
    label = f"Save {len(good)} report(s) and update the map"
    if st.button(label, disabled=not good, type="primary", key="add_reports_save"):
        _save_and_rebuild(good, settings, replace)


def _clash(checked: Checked, settings: Settings) -> Path | None:
    assert settings.reports is not None
    return existing_report(settings.reports, checked.report_id)


def _show_checked(checked: Sequence[Checked], folder: Path) -> set[str]:
    """One line per file: its checks, or its error; returns the ids the analyst replaces."""
    replace: set[str] = set()
    for item in checked:
        name = safe.text(item.original)
        if not item.ok:
            st.html(f'<div class="cm-upload cm-upload-bad">✗ <b>{name}</b>: '
                    f"{safe.text(item.error)} (not saved)</div>")
            continue
        clash = existing_report(folder, item.report_id)
        about = " · ".join(safe.text(v) for v in (item.outlet, item.published, item.title) if v)
        st.html(f'<div class="cm-upload cm-upload-ok">✓ <b>{name}</b> → '
                f"<code>{safe.text(item.name)}</code>: {about}</div>")
        if clash is not None:
            ask = f"Replace the existing report {safe.markdown_text(clash.name)}"
            if st.checkbox(ask, key=f"replace_{item.report_id}"):
                replace.add(item.report_id)
            else:
                st.caption("Not saved unless you replace it: a report with this id exists.")
    return replace


def _paste_tab(settings: Settings) -> None:
    with st.form("add_reports_paste", clear_on_submit=False):
        outlet = st.text_input("Outlet (required)", max_chars=200)
        published = st.text_input("Publication date", placeholder="YYYY-MM-DD, or unknown",
                                  max_chars=20)
        title = st.text_input("Title", max_chars=300)
        url = st.text_input("URL", max_chars=2000)
        body = st.text_area("Text of the report", height=220)
        sent = st.form_submit_button("Save the report and update the map")
    if not sent:
        return
    checked = pasted_report(outlet=outlet, published=published, title=title, url=url,
                            body=body)
    if not body.strip():
        checked = Checked(checked.original, checked.name, b"", "the text is empty")
    _show_checked([checked], settings.reports)  # type: ignore[arg-type]
    if checked.ok and not _clash(checked, settings):
        _save_and_rebuild([checked], settings, set())
    elif checked.ok:
        st.warning("A report with this title's id exists: change the title to save it.")


def _save_and_rebuild(good: Sequence[Checked], settings: Settings, replace: set[str]) -> None:
    assert settings.reports is not None
    saved = []
    for item in good:
        try:
            saved.append(save_report(item, settings.reports,
                                     overwrite=item.report_id in replace))
        except ConflictMapError as err:
            st.error(safe.markdown_text(str(err)))
    if saved:
        names = ", ".join(safe.markdown_text(p.name) for p in saved)
        st.success(f"Saved {len(saved)} report(s): {names}")
        rebuild_with_progress(settings)


def rebuild_with_progress(settings: Settings) -> None:
    """Rebuild the layer (only new or changed reports are parsed) with a progress bar."""
    bar = st.progress(0.0, text="Updating the map…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0,
                     text=f"Updating the map: {done:,} of {total:,} reports")

    try:
        line = layer_data.refresh_layer(settings, progress=progress)
    except ConflictMapError as err:
        bar.empty()
        st.error(f"The map was not updated: {safe.markdown_text(str(err))}")
        return
    bar.progress(1.0, text="The map is up to date.")
    if line:
        st.caption(" · ".join(safe.markdown_text(part) for part in line.splitlines()[:2]))
    st.markdown("[Open the map](./)")
