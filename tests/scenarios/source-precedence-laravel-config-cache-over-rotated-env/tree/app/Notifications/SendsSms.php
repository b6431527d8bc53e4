<?php

namespace App\Notifications;

use Twilio\Rest\Client;

class SendsSms
{
    public function client(): Client
    {
        return new Client(config('services.twilio.sid'), config('services.twilio.token'));
    }
}
