/**
 * Fake secrets for tests, the same values planted in test/fixtures/insecure-app. They are
 * assembled at run time so that this source tree holds no secret-shaped literal (our own
 * release-prep run scans it with secretlint).
 */
/** The fixture's fake GitHub token. */
export const FAKE_GITHUB_TOKEN = ['ghp', 'FAKEtestTOKENforEmpathyFixture000001'].join('_');
/** The fixture's fake AWS access key id. */
export const FAKE_AWS_KEY_ID = ['AKIA', '2E0A8F3B244C9986'].join('');
/** The fixture's fake AWS secret access key. */
export const FAKE_AWS_SECRET = 'Xk7pT2mQ9vR4wL8nB3cY6zH1jD5fG0sA2eK7uPqZ';
