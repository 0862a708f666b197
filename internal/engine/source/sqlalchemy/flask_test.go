package sqlalchemy

import "testing"

// TestCamelToSnake compares with Flask-SQLAlchemy 3.0's
// camel_to_snake_case, whose outputs for these names are listed.
func TestCamelToSnake(t *testing.T) {
	cases := []struct{ in, want string }{
		{"User", "user"},
		{"UserAccount", "user_account"},
		{"HTTPLog", "http_log"},
		{"APIKey", "api_key"},
		{"OAuth2Token", "o_auth2_token"},
		{"V2Item", "v2_item"},
		{"already_snake", "already_snake"},
		{"ABC", "abc"},
		{"getHTTPResponseCode", "get_http_response_code"},
		{"Item2Tag", "item2_tag"},
		{"_Private", "private"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := camelToSnake(tc.in); got != tc.want {
				t.Errorf("camelToSnake(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
