"""The stories stage: republished copies, story clusters, merged events, source kind.

``build_stories`` takes the new documents (with their events and actor mentions)
and the documents already in stories, and returns the new documents with
``duplicate_of``, ``story_id`` and ``source_kind`` filled, the copy similarities,
and every story the new documents joined or opened, complete with its label and
merged events. It is incremental: known documents keep their stories.

- ``dedup``: MinHash/LSH copy detection;
- ``cluster``: the combined similarity and incremental clustering;
- ``merge``: cross-article event merging;
- ``source_kind``: news / editorial / analysis / press release / copy;
- ``evaluate``: B-cubed and pairwise scoring (``eventwire eval --task stories``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import ActorMention, Document, Event, Story
from .cluster import DEFAULT_WEIGHTS, WINDOW_DAYS, Weights, cluster_features, features, story_label
from .dedup import CopyLink, find_copies
from .merge import merge_events
from .source_kind import source_kind

__all__ = ["WINDOW_DAYS", "StoriesResult", "build_stories"]

Item = tuple[Document, Sequence[Event], Sequence[ActorMention]]


@dataclass
class StoriesResult:
    documents: list[Document] = field(default_factory=list)  # the new ones, filled in
    similarity: dict[str, float] = field(default_factory=dict)  # copy doc_id -> similarity
    stories: list[Story] = field(default_factory=list)  # every story the new ones touched
    copies: list[CopyLink] = field(default_factory=list)


def build_stories(
    new: Sequence[Item],
    known: Sequence[Item] = (),
    weights: Weights = DEFAULT_WEIGHTS,
    window_days: int = WINDOW_DAYS,
) -> StoriesResult:
    """Copies, stories, source kinds and merged events for the new documents."""
    if not new:
        return StoriesResult()
    known = [item for item in known if item[0].story_id]
    links = find_copies([d for d, _, _ in new], [d for d, _, _ in known])
    copy_of = {link.copy: link.original for link in links}
    new = [(dataclasses.replace(d, duplicate_of=copy_of.get(d.doc_id)), ev, m) for d, ev, m in new]
    story_ids = cluster_features(
        [features(d, ev, m) for d, ev, m in new],
        [(features(d, ev, m), d.story_id) for d, ev, m in known],
        weights,
        window_days,
        copies=copy_of,
    )
    docs = []
    for d, ev, _ in new:
        filled = dataclasses.replace(d, story_id=story_ids[d.doc_id])
        docs.append((dataclasses.replace(filled, source_kind=source_kind(filled)), ev))
    touched = sorted(set(story_ids.values()))
    members: dict[str, list[tuple[Document, Sequence[Event]]]] = {s: [] for s in touched}
    for d, ev, _ in known:
        if d.story_id in members:
            members[d.story_id].append((d, ev))
    for d, ev in docs:
        members[d.story_id].append((d, ev))
    stories = [_story(sid, members[sid]) for sid in touched]
    return StoriesResult(
        documents=[d for d, _ in docs],
        similarity={link.copy: link.similarity for link in links},
        stories=stories,
        copies=links,
    )


def _story(story_id: str, members: list[tuple[Document, Sequence[Event]]]) -> Story:
    dates = sorted(d.published[:10] for d, _ in members if d.published)
    originals = [(d, ev) for d, ev in members if not d.duplicate_of] or members
    merged = merge_events(story_id, members)
    label = story_label(
        merged,
        [e for _, ev in originals for e in ev],
        [d.text for d, _ in originals],
        dates[0] if dates else None,
    )
    return Story(
        story_id=story_id,
        label=label,
        doc_ids=sorted(d.doc_id for d, _ in members),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        merged_events=merged,
    )
