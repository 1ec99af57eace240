"""The proposals' part of "download my data" and "delete my account" (SPEC ID-6)."""

from __future__ import annotations

import zipfile
from typing import Any

from collegium.accounts.models import User
from collegium.proposals import services
from collegium.proposals.models import Proposal, ProposalComment, ProposalSupport


def export(user: User, archive: zipfile.ZipFile) -> dict[str, Any]:
    proposals = (
        Proposal.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("community")
        .order_by("created_at")
    )
    supports = (
        ProposalSupport.objects.filter(user=user, proposal__deleted_at__isnull=True)
        .select_related("proposal")
        .order_by("created_at")
    )
    comments = (
        ProposalComment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("proposal")
        .order_by("created_at")
    )
    return {
        "proposals": [
            {
                "id": proposal.pk,
                "community": proposal.community.slug if proposal.community else None,
                "submitted_for_community": proposal.submitted_for_community,
                "title": proposal.title,
                "summary": proposal.summary,
                "text": proposal.body,
                "language": proposal.language,
                "status": proposal.status,
                "submitted_at": proposal.created_at,
            }
            for proposal in proposals.iterator(chunk_size=2000)
        ],
        "supports": [
            {
                "proposal": support.proposal_id,
                "title": support.proposal.title,
                "supported_at": support.created_at,
            }
            for support in supports.iterator(chunk_size=2000)
        ],
        "comments": [
            {
                "proposal": comment.proposal_id,
                "title": comment.proposal.title,
                "text": comment.body,
                "posted_at": comment.created_at,
                "edited_at": comment.edited_at,
            }
            for comment in comments.iterator(chunk_size=2000)
        ],
    }


def erase(user: User, erase_content: bool) -> None:
    if erase_content:
        services.proposal_content_erase(user=user)
