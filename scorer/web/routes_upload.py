"""Upload filings, see their results, drill into a project, download the result.

Results live in the server's cache under a random token; a URL names a token and a project id
(`d0-p3`), both looked up in memory, never a file path.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile

from scorer.web import downloads, views
from scorer.web.app import WebSettings, render_error
from scorer.web.cache import Result
from scorer.web.uploads import read_upload, score_uploads

router = APIRouter()
DOWNLOADS = ("xlsx", "html", "json", "projects.csv", "flags.csv")


def _web(request: Request) -> WebSettings:
    return request.app.state.web


def _result(request: Request, token: str) -> Result:
    result = _web(request).cache.get(token)
    if result is None:
        raise HTTPException(404, "These results are no longer kept on this server (or never were); upload again.")
    return result


@router.get("/", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    web = _web(request)
    return web.templates.TemplateResponse(
        request,
        "upload.html",
        {"max_upload": web.max_upload_bytes, "max_files": web.max_files, "has_db": web.engine is not None},
    )


@router.post("/upload", response_model=None)
async def upload(request: Request) -> Response:
    """Score the uploaded files together; bad files are listed by name above the good files' results."""
    web = _web(request)
    # the context closes the spooled temporary files of the parts once the files are scored
    async with request.form(max_files=web.max_files, max_fields=100) as form:
        chosen = [f for f in form.getlist("files") if isinstance(f, StarletteUploadFile) and f.filename]
        if not chosen:
            message = "Choose one or more filings (txt, pdf, xlsx, xls, docx)."
            return render_error(request, 400, "No file chosen", [message])
        return await run_in_threadpool(_score, request, web, chosen)


def _score(request: Request, web: WebSettings, chosen: list[StarletteUploadFile]) -> Response:
    """Read and score in a worker thread: parsing and the models take seconds on a large filing."""
    uploads = [read_upload(f.file, f.filename, i, web.max_upload_bytes) for i, f in enumerate(chosen)]
    result = score_uploads(uploads, web.config)
    if not views.scorable(result.documents):
        too_large = len(uploads) == 1 and uploads[0].refused is not None
        title = "Upload too large" if too_large else "No filing could be scored"
        return render_error(request, 413 if too_large else 422, title, views.file_problems(result.documents))
    token = web.cache.put(result)
    return RedirectResponse(request.url_for("results", token=token), status_code=303)


@router.get("/r/{token}", response_class=HTMLResponse, name="results")
def results(request: Request, token: str) -> HTMLResponse:
    result = _result(request, token)
    return _web(request).templates.TemplateResponse(
        request,
        "results.html",
        {
            "title": "Results",
            "documents": list(enumerate(result.documents)),
            "formats": result.formats,
            "problems": views.file_problems(result.documents),
            "rows": views.ranked_projects(result.documents),
            "grades": views.grade_counts(result.documents),
            "pairs": result.pair_dicts(),
            "project_url": lambda pid: request.url_for("project", token=token, project_id=pid),
            "downloads": [(kind, request.url_for("download", token=token, kind=kind)) for kind in DOWNLOADS],
            "back": None,
        },
    )


@router.get("/r/{token}/p/{project_id}", response_class=HTMLResponse, name="project")
def project(request: Request, token: str, project_id: str) -> HTMLResponse:
    result = _result(request, token)
    found = views.find_project(result.documents, project_id)
    if found is None:
        raise HTTPException(404, f"No project {project_id} in these results.")
    document, item = found
    pairs = [p for p in result.pair_dicts() if project_id in (p["a"], p["b"])]
    return _web(request).templates.TemplateResponse(
        request,
        "project.html",
        {
            "title": item.name,
            "document": document,
            "project": item,
            "view": views.project_view(item),
            "pairs": pairs,
            "project_url": lambda pid: request.url_for("project", token=token, project_id=pid),
            "back": request.url_for("results", token=token),
        },
    )


@router.get("/r/{token}/download/{kind}", name="download", response_model=None)
def download(request: Request, token: str, kind: str) -> Response:
    result = _result(request, token)
    return send(request, result.documents, result.pairs, kind)


def send(request: Request, documents: list, pairs: list, kind: str) -> Response:
    """One download as an attachment; XLSX answers 501 with an error page where the writer is missing."""
    contract_pairs = [pair.contract() if hasattr(pair, "contract") else pair for pair in pairs]
    if kind == "json":
        file = downloads.as_json(documents, contract_pairs)
    elif kind in ("projects.csv", "flags.csv"):
        file = downloads.as_csv(documents, kind.removesuffix(".csv"))
    elif kind == "html":
        file = downloads.as_html(documents, pairs, request.app.state.web.config)
    elif kind == "xlsx":
        try:
            file = downloads.as_xlsx(documents, pairs, request.app.state.web.config)
        except downloads.XlsxUnavailable as exc:
            return render_error(request, 501, "XLSX not available", [str(exc)])
    else:
        raise HTTPException(404, f"No download called {kind}; choose one of {', '.join(DOWNLOADS)}.")
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )
