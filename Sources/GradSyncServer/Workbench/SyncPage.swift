/// `/sync`: sync now, its progress while it runs, and its result in plain words.
struct SyncPage {
    let state: WorkbenchSyncRunner.State
    let remote: String?
    let csrf: String
    let author: String

    func render() -> HTML {
        var body: [HTML] = []
        body.append("<p class=\"note\">同步节点：\(remote ?? "尚未设置（用 gradsync remote set 设置）")。与 <code>gradsync sync</code> 是同一个同步，二者不会同时运行。</p>")
        switch state {
        case .idle:
            body.append("<p id=\"sync-state\" data-state=\"idle\">本次打开工作台后还没有同步过。</p>")
        case .running(_, let pages, let pushed, let pulled):
            body.append("""
                <p id="sync-state" data-state="running" class="notice" role="status">正在同步……已完成 \(pages) 页：\
                发出 \(pushed) 条修改，收到 \(pulled) 条修改。页面会自动刷新。</p>
                """)
        case .finished(let outcome):
            body.append(result(outcome))
        }
        if case .running = state {} else {
            body.append("<form method=\"post\" action=\"/sync\">\(WorkbenchLayout.csrfField(csrf))<button type=\"submit\" class=\"primary\" id=\"sync-now\">立即同步</button></form>")
        }
        // While it runs the page reloads itself each second, showing the pages and changes committed so far.
        var refresh: HTML = ""
        if case .running = state { refresh = "<meta http-equiv=\"refresh\" content=\"1\">" }
        return WorkbenchLayout.page(title: "同步", current: "/sync", author: author, body: .joined(body), head: refresh)
    }

    private func result(_ outcome: WorkbenchSyncRunner.Outcome) -> HTML {
        switch outcome {
        case .synced(let pushed, let pulled, let conflicts):
            return "<p id=\"sync-state\" data-state=\"synced\" class=\"notice\" role=\"status\">同步完成：发出 \(pushed) 条修改，收到 \(pulled) 条修改；待处理冲突 \(conflicts) 个。</p>"
        case .busy:
            return "<p id=\"sync-state\" data-state=\"busy\" class=\"notice\" role=\"status\">另一个同步（例如定时任务）正在进行，这次没有重复同步。稍后再看即可。</p>"
        case .unreachable(let message):
            return """
                <p id="sync-state" data-state="unreachable" class="notice" role="status">现在连不上同步节点（\(message)）。\
                不用担心：所有修改都已安全地保存在这台电脑上，下次同步时会自动发出。</p>
                """
        case .failed(let message):
            return "<p id=\"sync-state\" data-state=\"failed\" class=\"refused\" role=\"alert\">同步没有完成：\(message)</p>"
        }
    }
}
