# frozen_string_literal: true

# Sends appointment reminders.
class SmsSender
  def initialize
    @client = Twilio::REST::Client.new(ENV.fetch("TWILIO_API_KEY_SID"), ENV.fetch("TWILIO_API_KEY_SECRET"))
  end

  def deliver(to, body)
    @client.messages.create(from: ENV["TWILIO_FROM"], to: to, body: body)
  end
end
