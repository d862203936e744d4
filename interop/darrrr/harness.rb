# frozen_string_literal: true

# darrrr (GitHub's Ruby implementation of draft-hill-delegated-recovery) as a live peer for the
# interop suite, in both roles, on WEBrick. It loads the gem's library unmodified from
# DARRRR_DIR/lib and does what its demo Sinatra app (app.rb, controllers/) does with it; the
# only changes are made here, at load:
# - Faraday is the small Net::HTTP shim in ./shim (Debian lacks ruby-faraday);
# - DefaultEncryptor.verify builds its key from the SubjectPublicKeyInfo, because the published
#   code sets a public key on an existing EC object, which OpenSSL 3 no longer allows.
# Configuration (environment): PORT (0: any), AUTHORITY (this peer's origin, when it is served
# through a TLS terminator; else http://127.0.0.1:PORT), ACCOUNT_PROVIDERS and
# RECOVERY_PROVIDERS (space-separated origins it talks to), DARRRR_DIR.
require "base64"
require "json"
require "openssl"
require "securerandom"
require "webrick"
require "cgi"
require "active_support"
require "active_support/core_ext"

$LOAD_PATH.unshift(File.join(__dir__, "shim"))
$LOAD_PATH.unshift(File.join(ENV.fetch("DARRRR_DIR"), "lib"))
require "darrrr"

module Darrrr
  module DefaultEncryptor
    class << self
      def verify(payload, signature, key, _provider, _context = nil)
        OpenSSL::PKey::EC.new(Base64.decode64(key)).verify(OpenSSL::Digest::SHA256.new, signature, payload)
      rescue OpenSSL::PKey::ECError, OpenSSL::PKey::PKeyError
        raise CryptoError, "Unable verify recovery token"
      end
    end
  end
end

# Bound first, so that a PORT of 0 (any free port) names this peer's origin.
server = WEBrick::HTTPServer.new(BindAddress: "127.0.0.1", Port: Integer(ENV.fetch("PORT", "0")), AccessLog: [], Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
authority = ENV["AUTHORITY"] || "http://127.0.0.1:#{server.listeners.first.addr[1]}"
ap_key = OpenSSL::PKey::EC.generate("prime256v1")
rp_key = OpenSSL::PKey::EC.generate("prime256v1")
symmetric_key = SecureRandom.hex(32)

Darrrr.cache = nil
Darrrr.authority = authority
Darrrr.privacy_policy = "#{authority}/privacy"
Darrrr.icon_152px = "#{authority}/icon.png"
Darrrr.allow_unsafe_urls = authority.start_with?("http://")

Darrrr::AccountProvider.configure do |config|
  config.signing_private_key = Base64.strict_encode64(ap_key.to_der)
  config.symmetric_key = symmetric_key
  config.tokensign_pubkeys_secp256r1 = lambda { |_context| [Base64.strict_encode64(ap_key.public_to_der)] }
  config.save_token_return = "#{authority}/account-provider/save-token-return"
  config.recover_account_return = "#{authority}/account-provider/recover-account-return"
end

Darrrr::RecoveryProvider.configure do |config|
  config.signing_private_key = Base64.strict_encode64(rp_key.to_der)
  config.countersign_pubkeys_secp256r1 = lambda { |_context| [Base64.strict_encode64(rp_key.public_to_der)] }
  config.token_max_size = 8192
  config.save_token = "#{authority}/recovery-provider/save-token"
  config.recover_account = "#{authority}/recovery-provider/recover-account"
end

Darrrr.register_account_provider(authority)
Darrrr.register_recovery_provider(authority)
ENV.fetch("ACCOUNT_PROVIDERS", "").split.each { |origin| Darrrr.register_account_provider(origin) }
ENV.fetch("RECOVERY_PROVIDERS", "").split.each { |origin| Darrrr.register_recovery_provider(origin) }

# What the demo keeps in its database, in memory: the tokens it issued (AP) and saved (RP).
issued = {}
saved = {}
events = []

def form_page(action, fields)
  inputs = fields.map { |name, value| %(<input type="hidden" name="#{CGI.escapeHTML(name)}" value="#{CGI.escapeHTML(value)}">) }.join
  %(<!doctype html><html lang="en"><head><meta charset="utf-8"><title>darrrr</title></head><body>
<form id="darrrr" method="post" action="#{CGI.escapeHTML(action)}">#{inputs}<button type="submit">Continue</button></form></body></html>)
end

def respond(res, status, type, body)
  res.status = status
  res["Content-Type"] = type
  res.body = body
end

server.mount_proc("/.well-known/delegated-account-recovery/configuration") do |_req, res|
  respond(res, 200, "application/json", JSON.pretty_generate(Darrrr.account_and_recovery_provider_config))
end

# Test control: what happened here (JSON), for the suite's assertions.
server.mount_proc("/events") { |_req, res| respond(res, 200, "application/json", JSON.generate(events)) }

# AP, as the demo's POST /create: a token for a recovery provider, and the page that posts it
# to that provider's save-token. ?audience= lets the suite ask for a token addressed elsewhere.
server.mount_proc("/account-provider/create") do |req, res|
  recovery_provider = Darrrr.recovery_provider(req.query["recovery_provider"])
  audience = req.query["audience"] ? Darrrr::RecoveryProvider.new(req.query["audience"]) : recovery_provider
  token, sealed_token = Darrrr.this_account_provider.generate_recovery_token(data: req.query["phrase"] || "interop", audience: audience)
  issued[token.token_id.to_hex] = recovery_provider.origin
  events << { "role" => "ap", "event" => "created", "id" => token.token_id.to_hex }
  # state_url looks the audience up among the registered recovery providers; a token addressed
  # elsewhere on purpose gets the same URL built from the provider it is posted to.
  state = req.query["audience"] ? "#{recovery_provider.recover_account}?id=#{CGI.escape(token.token_id.to_hex)}" : token.state_url
  respond(res, 200, "text/html", form_page(recovery_provider.save_token, { "token" => sealed_token, "state" => state }))
end

server.mount_proc("/account-provider/save-token-return") do |req, res|
  events << { "role" => "ap", "event" => "save-token-return", "status" => req.query["status"], "state" => req.query["state"] }
  respond(res, 200, "text/plain", "status: #{req.query["status"]}")
end

# AP, as the demo's recover-account-return: reads the form field `token`.
server.mount_proc("/account-provider/recover-account-return") do |req, res|
  unless req.request_method == "POST" && req.content_type.to_s.start_with?("application/x-www-form-urlencoded")
    respond(res, 400, "text/plain", "Invalid request format")
    next
  end
  begin
    parsed = Darrrr.this_account_provider.validate_countersigned_recovery_token!(req.query["token"].to_s)
    id = parsed.token_id.to_hex
    raise Darrrr::CountersignedTokenError.new("unknown token", :unknown) unless issued.key?(id)
    events << { "role" => "ap", "event" => "recovered", "id" => id, "data" => parsed.decode }
    respond(res, 200, "text/plain", "recovered #{id}")
  rescue Darrrr::DelegatedRecoveryError, ArgumentError => e
    events << { "role" => "ap", "event" => "recover-refused", "reason" => e.message }
    respond(res, 400, "text/plain", e.message)
  end
end

# RP, as the demo's POST /save-token: validates, stores, redirects to save-token-return.
server.mount_proc("/recovery-provider/save-token") do |req, res|
  state = req.query["state"]
  account_provider = nil
  status = "save-failure"
  begin
    token = Base64.strict_decode64(req.query["token"].to_s)
    account_provider = Darrrr::RecoveryToken.account_provider_issuer(token)
    parsed = Darrrr.this_recovery_provider.validate_recovery_token!(token)
    saved[parsed.token_id.to_hex] = req.query["token"].to_s
    status = "save-success"
    events << { "role" => "rp", "event" => "saved", "id" => parsed.token_id.to_hex, "obsoletes" => req.query["obsoletes"] }
  rescue Darrrr::DelegatedRecoveryError, ArgumentError => e
    events << { "role" => "rp", "event" => "save-refused", "reason" => e.message }
  end
  if account_provider.nil?
    respond(res, 400, "text/plain", "cannot save")
    next
  end
  res.status = 302
  res["Location"] = "#{account_provider.save_token_return}?#{{ "state" => state, "status" => status }.map { |k, v| "#{k}=#{v}" }.join("&")}"
end

# RP, as the demo's recover-account: the token named by `token_id` or `id`, countersigned and
# posted back as `token`.
server.mount_proc("/recovery-provider/recover-account") do |req, res|
  blob = saved[req.query["token_id"] || req.query["id"]]
  if blob.nil?
    respond(res, 404, "text/plain", "no such token")
    next
  end
  token = Base64.strict_decode64(blob)
  account_provider = Darrrr::RecoveryToken.account_provider_issuer(token)
  countersigned = Darrrr.this_recovery_provider.countersign_token(token: token)
  events << { "role" => "rp", "event" => "countersigned", "id" => Darrrr::RecoveryToken.parse(token).token_id.to_hex }
  respond(res, 200, "text/html", form_page(account_provider.recover_account_return, { "token" => countersigned }))
end

trap("TERM") { server.shutdown }
trap("INT") { server.shutdown }
$stdout.puts "darrrr peer listening on #{authority} at port #{server.listeners.first.addr[1]}"
$stdout.flush
server.start
