package dev.skein.nettysocketio.app;

import java.util.List;

/** The answer to a join: the room, the client's rooms (sorted) and how many are in the room. */
public class RoomInfo {
    private String room;
    private List<String> rooms;
    private int size;
    /** Left null: netty-socketio's JSON leaves null fields out. */
    private String topic;

    public RoomInfo() {}

    public RoomInfo(String room, List<String> rooms, int size) {
        this.room = room;
        this.rooms = rooms;
        this.size = size;
    }

    public String getRoom() {
        return room;
    }

    public List<String> getRooms() {
        return rooms;
    }

    public int getSize() {
        return size;
    }

    public String getTopic() {
        return topic;
    }
}
