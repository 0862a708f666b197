package webhook

// The fields of GitHub's webhook payloads the router reads. Only these are
// decoded; everything else in a payload is ignored (GitHub adds fields
// over time). Shapes: docs.github.com "Webhook events and payloads" and the
// octokit/webhooks schemas; fixtures/webhooks holds full examples.

type account struct {
	Login string `json:"login"`
	Type  string `json:"type"` // "User", "Organization", "Bot"
}

type repository struct {
	Name     string  `json:"name"`
	FullName string  `json:"full_name"`
	Owner    account `json:"owner"`
}

type installationRef struct {
	ID int64 `json:"id"`
}

// envelope is common to every event.
type envelope struct {
	Action       string           `json:"action"`
	Repository   *repository      `json:"repository"`
	Installation *installationRef `json:"installation"`
	Sender       *account         `json:"sender"`
}

type pullRequestEvent struct {
	envelope
	Number      int `json:"number"`
	PullRequest struct {
		Number int `json:"number"`
		Head   struct {
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
	Changes *struct {
		Base *struct {
			Ref *struct {
				From string `json:"from"`
			} `json:"ref"`
		} `json:"base"`
	} `json:"changes"`
}

type issueCommentEvent struct {
	envelope
	Issue struct {
		Number      int       `json:"number"`
		PullRequest *struct{} `json:"pull_request"`
	} `json:"issue"`
	Comment struct {
		ID   int64   `json:"id"`
		Body string  `json:"body"`
		User account `json:"user"`
	} `json:"comment"`
}

type checkRunEvent struct {
	envelope
	CheckRun struct {
		ID           int64  `json:"id"`
		Name         string `json:"name"`
		HeadSHA      string `json:"head_sha"`
		PullRequests []struct {
			Number int `json:"number"`
		} `json:"pull_requests"`
	} `json:"check_run"`
	RequestedAction *struct {
		Identifier string `json:"identifier"`
	} `json:"requested_action"`
}

type shortRepository struct {
	Name     string `json:"name"`
	FullName string `json:"full_name"`
}

type installationEvent struct {
	envelope
	Repositories        []shortRepository `json:"repositories"`
	RepositoriesAdded   []shortRepository `json:"repositories_added"`
	RepositoriesRemoved []shortRepository `json:"repositories_removed"`
}
