"""Workspace: save the current scenario in the team's database, open any saved version, diff two versions, lock
the signed-off budget, and share a short link to a saved version."""

from __future__ import annotations

import streamlit as st

from i18n.text import _
from store import StoreError
from ui import state, tables, workspace
from ui.text import md

TEXT = {
    "title": _("Workspace"),
    "caption": _("Saved scenarios with numbered versions, kept in the team's database ({where})."),
    "unreachable": _("The workspace store cannot be used, so nothing can be saved or opened; the scenario you have stays."),
    "local": _("No sign-in is configured: saves and locks record **local**."),
    "signed_in": _("Signed in as **{who}**; your saves and locks record that name."),
    "signed_out": _("Sign in to save or lock; anyone with the app can open saved versions."),
    "showing": _("Showing **{name}**: {label}."),
    "save": _("Save"),
    "new_version": _("Save as version {n} of “{name}”"),
    "new_name": _("Name for a new saved scenario"),
    "save_new": _("Save under this name"),
    "note": _("Note for this version (optional)"),
    "open": _("Open a saved version"),
    "nothing": _("Nothing saved yet: save the current scenario above."),
    "scenario": _("Saved scenario"),
    "version": _("Version"),
    "open_button": _("Open this version"),
    "versions": _("Versions of “{name}”"),
    "lock": _("Lock as the signed-off budget"),
    "lock_help": _("A locked version can be read and copied, never changed or deleted. This cannot be undone."),
    "diff": _("What changed between two versions"),
    "from": _("From"),
    "to": _("To"),
    "same": _("The two versions are the same."),
    "share": _("Share"),
    "share_text": _("This link opens the saved version, with every change you made since, on this page."),
    "share_unsaved": _("Save the scenario to get a short link to it."),
    "unsaved_changes": _("{n} setting(s) changed since this version was opened; save them as a new version to keep them."),
}

st.title(TEXT["title"])
st.caption(TEXT["caption"].format(where=workspace.where()))

error, done = workspace.take_messages()
if error:
    st.error(f"{error}\n\n" + _("The scenario you had is still showing."), icon=":material/error:")
if done:
    st.success(done, icon=":material/check:")


def identity_box() -> workspace.Identity:
    who = workspace.identity()
    if not who.login_configured:
        st.caption(TEXT["local"])
    elif who.can_write:
        st.caption(TEXT["signed_in"].format(who=md(who.author)))
        st.button(_("Sign out"), on_click=st.logout, key="ws_logout")
    else:
        st.info(TEXT["signed_out"], icon=":material/login:")
        st.button(_("Sign in"), on_click=st.login, key="ws_login")
    return who


def main() -> None:
    try:
        saved = workspace.summaries()
    except StoreError as exc:
        st.warning(f"{TEXT['unreachable']}\n\n`{exc}`", icon=":material/cloud_off:")
        return
    who = identity_box()
    scenario = state.current_scenario()
    opened = workspace.opened()
    st.caption(TEXT["showing"].format(name=md(scenario.name), label=md(state.base_label())))

    left, right = st.columns(2)
    with left:
        st.subheader(TEXT["save"])
        st.text_input(TEXT["note"], key="ws_note", max_chars=500)
        if opened is not None:
            name, _number = opened
            next_number = next((s.versions for s in saved if s.name == name), 0) + 1
            changed = workspace.changed_since_opened()
            if changed:
                st.caption(TEXT["unsaved_changes"].format(n=len(changed)))
            st.button(
                TEXT["new_version"].format(n=next_number, name=md(name)),
                on_click=workspace.save_version_from_widgets,
                args=(name,),
                disabled=not who.can_write,
                icon=":material/save:",
                key="ws_save_version",
            )
        st.text_input(TEXT["new_name"], value=scenario.name, max_chars=200, key="ws_new_name")
        st.button(
            TEXT["save_new"],
            on_click=workspace.save_new_from_widgets,
            disabled=not who.can_write,
            icon=":material/note_add:",
            key="ws_save_new",
        )

        st.subheader(TEXT["share"])
        if opened is not None:
            st.write(TEXT["share_text"])
            st.code(state.share_url(), language=None, wrap_lines=True)
        else:
            st.caption(TEXT["share_unsaved"])

    with right:
        st.subheader(TEXT["open"])
        if not saved:
            st.caption(TEXT["nothing"])
            return
        names = [s.name for s in saved]
        default = names.index(opened[0]) if opened is not None and opened[0] in names else 0
        name = st.selectbox(TEXT["scenario"], options=names, index=default, key="ws_name")
        versions = workspace.versions(name)
        by_number = {v.number: v for v in versions}
        numbers = list(reversed(by_number))
        number = st.selectbox(
            TEXT["version"],
            options=numbers,
            format_func=lambda n: workspace.version_label(by_number[n]),
            key=f"ws_version:{name}",
        )
        st.button(
            TEXT["open_button"],
            on_click=workspace.open_version,
            args=(name, number),
            icon=":material/folder_open:",
            key="ws_open",
        )
        chosen = by_number[number]
        st.button(
            TEXT["lock"],
            on_click=workspace.lock,
            args=(name, number),
            disabled=chosen.locked or not who.can_write,
            help=TEXT["lock_help"],
            icon=":material/lock:",
            key="ws_lock",
        )

    st.subheader(TEXT["versions"].format(name=md(name)))
    st.dataframe(workspace.versions_table(versions), hide_index=True, width="stretch")

    st.subheader(TEXT["diff"])
    if len(numbers) < 2:
        return
    c1, c2 = st.columns(2)
    a = c1.selectbox(TEXT["from"], options=numbers, index=1, key=f"ws_from:{name}")
    b = c2.selectbox(TEXT["to"], options=numbers, index=0, key=f"ws_to:{name}")
    try:
        changed = workspace.diff(name, by_number[a], by_number[b])
    except StoreError as exc:
        st.error(str(exc))
        return
    if not changed:
        st.success(TEXT["same"])
    else:
        st.dataframe(
            tables.differences_table(changed).rename(columns={_("The plan"): f"v{a}", _("This scenario"): f"v{b}"}),
            hide_index=True,
            width="stretch",
        )


main()
