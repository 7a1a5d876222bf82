// Musique connector custom code. Power Platform runs it in place of the call to the API for the operations
// below; every other operation goes to the API as declared. The TypeScript twin that tests run is
// src/runtime/script-mirror.ts: change both together (test/script.test.ts compares their names and paths).
// Generated from packages/power-platform/src/script.template.csx: the core's rules fill in its numbers.
public class Script : ScriptBase
{
    // The declared paths of the operations the API has no path for, and the API path each one reads.
    private const string TriggerPath = "/trigger/new-audio";
    private const string FindPath = "/search/audio";
    private const string AudioPath = "/audio";
    // One poll reads one page, the largest the API gives.
    private const string PageSize = "100";
    // The core's time rule (SEND_TIME_GRACE_MINUTES): further past than this is refused, nearer plays now.
    private const int GraceMinutes = 5;
    private static readonly string[] Days = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    private static readonly string[] Months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        switch (this.Context.OperationId)
        {
            case "UploadAudio":
                return await this.UploadAudio().ConfigureAwait(false);
            case "SendAudio":
                return await this.RefusePastTime().ConfigureAwait(false)
                    ?? await this.Send(await this.WithIdempotencyKey(this.Context.Request).ConfigureAwait(false)).ConfigureAwait(false);
            case "FindAudio":
                this.Context.Request.RequestUri = ToAudioList(this.Context.Request.RequestUri, FindPath, keepQuery: true);
                return await this.Send(this.Context.Request).ConfigureAwait(false);
            case "OnNewAudio":
                return await this.OnNewAudio().ConfigureAwait(false);
            default:
                return await this.Send(this.Context.Request).ConfigureAwait(false);
        }
    }

    private Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        return this.Context.SendAsync(request, this.CancellationToken);
    }

    // The designer sends the file as base64 in JSON; the API takes multipart/form-data with a file part.
    private async Task<HttpResponseMessage> UploadAudio()
    {
        var request = await this.WithIdempotencyKey(this.Context.Request).ConfigureAwait(false);
        var input = JObject.Parse(await request.Content.ReadAsStringAsync().ConfigureAwait(false));
        var fileName = (string)input["fileName"];
        if (string.IsNullOrWhiteSpace(fileName)) fileName = "audio";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String((string)input["fileContent"] ?? "");
        }
        catch (FormatException)
        {
            return this.Refuse("fileContent", "invalid_format", "Audio File is not file content: pass the content output of an action that reads a file, such as Get file content.");
        }
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var field in new[] { "name", "description", "category" })
        {
            var value = (string)input[field];
            if (!string.IsNullOrWhiteSpace(value)) form.Add(new StringContent(value.Trim()), field);
        }
        request.Content = form;
        return await this.Send(request).ConfigureAwait(false);
    }

    // When the flow gives no key, one derived from the run, the action (and its loop iteration) and the body:
    // Power Automate's retry of a failed call sends the same, so the API replays its first answer.
    private async Task<HttpRequestMessage> WithIdempotencyKey(HttpRequestMessage request)
    {
        if (request.Headers.Contains("Idempotency-Key")) return request;
        var run = Header(request, "x-ms-workflow-run-id");
        if (run == null) return request;
        var body = request.Content == null ? "" : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
        var identity = string.Join("\n", new[] {
            run,
            Header(request, "x-ms-workflow-operation-name") ?? "",
            Header(request, "x-ms-workflow-repeatitem-index") ?? "",
            this.Context.OperationId,
            body,
        });
        using (var sha = SHA256.Create())
        {
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(identity));
            var hex = BitConverter.ToString(digest).Replace("-", "").ToLowerInvariant().Substring(0, 48);
            request.Headers.Add("Idempotency-Key", "powerautomate_" + this.Context.OperationId + "_" + hex);
        }
        return request;
    }

    private static string Header(HttpRequestMessage request, string name)
    {
        IEnumerable<string> values;
        return request.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;
    }

    // One request per poll: the newest page of the library, and the audio added since the cursor, oldest first.
    // The cursor is "createdAt|audioId" of the newest audio seen; "|" means nothing seen, so all is new; no cursor
    // (the first poll) only notes where the library stands.
    private async Task<HttpResponseMessage> OnNewAudio()
    {
        var request = this.Context.Request;
        var after = HttpUtility.ParseQueryString(request.RequestUri.Query)["after"];
        request.RequestUri = ToAudioList(request.RequestUri, TriggerPath, keepQuery: false);
        var response = await this.Send(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return response;
        // Dates stay text: compared as the API wrote them, and handed to the flow unchanged.
        var page = JsonConvert.DeserializeObject<JObject>(
            await response.Content.ReadAsStringAsync().ConfigureAwait(false),
            new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });
        var listed = (JArray)page["data"] ?? new JArray();
        var added = new JArray();
        if (after != null)
        {
            var seen = after.Split(new[] { '|' }, 2);
            var seenAt = seen[0];
            var seenId = seen.Length > 1 ? seen[1] : "";
            foreach (var audio in listed)
            {
                if ((string)audio["audioId"] == seenId) break;
                if (seenAt != "" && string.CompareOrdinal((string)audio["createdAt"], seenAt) < 0) break;
                added.Insert(0, audio);
            }
        }
        var newest = listed.FirstOrDefault();
        var cursor = newest == null ? (after ?? "|") : (string)newest["createdAt"] + "|" + (string)newest["audioId"];
        response.Content = CreateJsonContent(new JObject { ["value"] = added, ["after"] = cursor }.ToString(Formatting.None));
        return response;
    }

    // The API's audio list at the same base URL as the declared path.
    private static Uri ToAudioList(Uri declared, string declaredPath, bool keepQuery)
    {
        var uri = new UriBuilder(declared);
        uri.Path = uri.Path.Substring(0, uri.Path.Length - declaredPath.Length) + AudioPath;
        var query = HttpUtility.ParseQueryString(keepQuery ? declared.Query : "");
        if (query["limit"] == null) query["limit"] = PageSize;
        uri.Query = query.ToString();
        return uri.Uri;
    }

    // The API plays any past time at once; the core refuses one more than GraceMinutes past, and so does this.
    private async Task<HttpResponseMessage> RefusePastTime()
    {
        var body = await this.Context.Request.Content.ReadAsStringAsync().ConfigureAwait(false);
        var input = JsonConvert.DeserializeObject<JObject>(body, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });
        var text = (string)input?["scheduleAt"];
        DateTimeOffset at;
        // No time plays now; a time that does not read as one is the API's to refuse, in its words.
        if (string.IsNullOrWhiteSpace(text) || !DateTimeOffset.TryParse(text, out at)) return null;
        var now = DateTimeOffset.UtcNow;
        if ((now - at).TotalMinutes <= GraceMinutes) return null;
        return this.Refuse("scheduleAt", "time_passed", OnClock(at) + " has already passed: it is now " + OnClock(now)
            + ". Nothing was sent. Give a time ahead, or none to play now (a time at most " + GraceMinutes
            + " minutes past also plays now).");
    }

    // "Thu, 5 Mar 2026, 07:04 (UTC)": the core's way of showing a time; a flow has no person's zone, so UTC.
    private static string OnClock(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return Days[(int)utc.DayOfWeek] + ", " + utc.Day + " " + Months[utc.Month - 1] + " " + utc.Year + ", "
            + utc.Hour.ToString("00") + ":" + utc.Minute.ToString("00") + " (UTC)";
    }

    // A refusal in the API's own shape, so the flow reads it like one from the API.
    private HttpResponseMessage Refuse(string param, string code, string message)
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        response.Content = CreateJsonContent(new JObject
        {
            ["error"] = new JObject
            {
                ["code"] = code,
                ["type"] = "validation_error",
                ["param"] = param,
                ["message"] = message,
                ["requestId"] = "req_connector",
            },
        }.ToString(Formatting.None));
        return response;
    }
}
