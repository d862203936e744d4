# frozen_string_literal: true

# The little of Faraday that darrrr uses (Faraday.new { |f| f.adapter(...) }.get(url)), on
# Net::HTTP from Ruby's standard library: Debian has no ruby-faraday package in the set the
# interop suite installs. Redirects are not followed, as the draft asks.
require "net/http"
require "uri"

module Faraday
  Response = Struct.new(:status, :body, :headers) do
    def success?
      status >= 200 && status < 300
    end
  end

  class Connection
    def adapter(*) = nil

    def get(url)
      uri = URI(url)
      http = Net::HTTP.new(uri.host, uri.port)
      http.use_ssl = uri.scheme == "https"
      http.open_timeout = 3
      http.read_timeout = 3
      response = http.request(Net::HTTP::Get.new(uri))
      headers = response.each_header.to_h
      Response.new(response.code.to_i, response.body.to_s, headers)
    end
  end

  def self.default_adapter = :net_http

  def self.new
    connection = Connection.new
    yield connection if block_given?
    connection
  end
end
