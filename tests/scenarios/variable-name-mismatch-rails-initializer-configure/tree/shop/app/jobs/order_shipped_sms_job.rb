# frozen_string_literal: true

class OrderShippedSmsJob < ApplicationJob
  queue_as :default

  def perform(order)
    client = Twilio::REST::Client.new
    client.messages.create(
      from: ENV.fetch('TWILIO_FROM'),
      to: order.phone,
      body: "Order #{order.number} is on its way."
    )
  end
end
