"""Browse what `scorer batch` stored: runs → a run's documents → a document's projects → one project.

A run may hold a province's filings, so pages read one document at a time (scorer/store/reader.py)
and the document list is paged.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine, select

from scorer.model import Document
from scorer.store import reader, schema, summary
from scorer.web import downloads, views
from scorer.web.app import WebSettings
from scorer.web.routes_upload import DOWNLOADS, send

router = APIRouter(prefix="/runs")
PAGE = 100


def _engine(request: Request) -> Engine:
    engine = request.app.state.web.engine
    if engine is None:
        raise HTTPException(404, "No batch database is open: start the server with `scorer serve --db URL`.")
    return engine


def _web(request: Request) -> WebSettings:
    return request.app.state.web


def _run(engine: Engine, run_id: int) -> dict:
    try:
        return reader.run_info(engine, reader.resolve_run(engine, run_id))
    except reader.RunNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def _document(engine: Engine, run_id: int, rank: int) -> Document:
    try:
        return reader.load_document(engine, run_id, rank)
    except reader.RunNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("", response_class=HTMLResponse, name="runs")
def runs(request: Request) -> HTMLResponse:
    engine = _engine(request)
    with engine.connect() as connection:
        query = select(schema.runs).order_by(schema.runs.c.id.desc())
        rows = [dict(row) for row in connection.execute(query).mappings()]
    return _web(request).templates.TemplateResponse(request, "runs.html", {"title": "Batch runs", "runs": rows})


@router.get("/{run_id}", response_class=HTMLResponse, name="run")
def run(request: Request, run_id: int, page: int = 0) -> HTMLResponse:
    engine = _engine(request)
    info = _run(engine, run_id)
    members = reader.members(engine, run_id)
    page = max(0, page)
    grades, _bands = summary.score_distribution(engine, run_id)
    return _web(request).templates.TemplateResponse(
        request,
        "run.html",
        {
            "title": f"Run {run_id}",
            "run": info,
            "members": list(enumerate(members))[page * PAGE : (page + 1) * PAGE],
            "page": page,
            "pages": max(1, -(-len(members) // PAGE)),
            "league": summary.league(engine, run_id),
            "grades": grades,
            "errors": summary.run_errors(engine, run_id),
            "back": request.url_for("runs"),
        },
    )


@router.get("/{run_id}/d/{rank}", response_class=HTMLResponse, name="run_document")
def run_document(request: Request, run_id: int, rank: int) -> HTMLResponse:
    engine = _engine(request)
    _run(engine, run_id)
    document = _document(engine, run_id, rank)
    pairs = views.pairs_touching(reader.load_pairs(engine, run_id), f"d{rank}-")
    return _web(request).templates.TemplateResponse(
        request,
        "results.html",
        {
            "title": f"Run {run_id}: {document.path}",
            "documents": [(rank, document)],
            "formats": {},
            "problems": views.file_problems([document]),
            "rows": views.ranked_projects([document]),
            "grades": views.grade_counts([document]),
            "pairs": pairs,
            "project_url": lambda pid: request.url_for("run_project", run_id=run_id, rank=rank, project_id=pid),
            "downloads": [
                (kind, request.url_for("run_download", run_id=run_id, rank=rank, kind=kind)) for kind in DOWNLOADS
            ],
            "back": request.url_for("run", run_id=run_id),
        },
    )


@router.get("/{run_id}/d/{rank}/p/{project_id}", response_class=HTMLResponse, name="run_project")
def run_project(request: Request, run_id: int, rank: int, project_id: str) -> HTMLResponse:
    engine = _engine(request)
    _run(engine, run_id)
    document = _document(engine, run_id, rank)
    found = views.find_project([document], project_id)
    if found is None:
        raise HTTPException(404, f"No project {project_id} in document {rank} of run {run_id}.")
    _, project = found
    pairs = [p for p in reader.load_pairs(engine, run_id) if project_id in (p["a"], p["b"])]
    return _web(request).templates.TemplateResponse(
        request,
        "project.html",
        {
            "title": project.name,
            "document": document,
            "project": project,
            "view": views.project_view(project),
            "pairs": pairs,
            # a duplicate may sit in another document of the run: link by its own d<rank>
            "project_url": lambda pid: request.url_for(
                "run_project", run_id=run_id, rank=int(pid.split("-")[0][1:]), project_id=pid
            ),
            "back": request.url_for("run_document", run_id=run_id, rank=rank),
        },
    )


@router.get("/{run_id}/d/{rank}/download/{kind}", name="run_download", response_model=None)
def run_download(request: Request, run_id: int, rank: int, kind: str) -> Response:
    engine = _engine(request)
    _run(engine, run_id)
    document = _document(engine, run_id, rank)
    pairs = views.pairs_touching(reader.load_pairs(engine, run_id), f"d{rank}-")
    paths = {index: member.row["path"] for index, member in enumerate(reader.members(engine, run_id))}
    return send(request, [document], downloads.stored_pairs(pairs, paths), kind)
